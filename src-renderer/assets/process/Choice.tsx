/** A labelled drop-down of the Process… form: `options` are [value, text]; '' is "keep"/default. */
export function Choice({ label, value, options, onChange, testId }: { label?: string; value: string | number | undefined; options: ReadonlyArray<readonly [string, string]>; onChange(v: string): void; testId?: string }) {
  const select = (
    <select value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value)} data-testid={testId} aria-label={label ? undefined : options.map((o) => o[1]).join(' / ')}>
      {options.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </select>
  )
  if (!label) return <label>{select}</label>
  return (
    <label>
      {label} {select}
    </label>
  )
}
