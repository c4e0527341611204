import { formatBytes } from '../build-meta'
import { changeOf, formatDelta } from './size-format'

/** Sorted bars: the simplest honest picture of sizes (a treemap hides small differences). */
export function SizeBars({
  rows,
  testId,
  onPick,
  empty = 'Nothing recorded.',
}: {
  rows: { key: string; label: string; size: number; note?: string; title?: string }[]
  testId: string
  onPick?(key: string): void
  empty?: string
}) {
  if (!rows.length) return <div className="muted small">{empty}</div>
  const max = Math.max(1, ...rows.map((r) => r.size))
  return (
    <table className="bld-table bsz-bars" data-testid={testId}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid={`${testId}-row`} data-key={r.key} className={onPick ? 'bsz-pick' : undefined} onClick={onPick ? () => onPick(r.key) : undefined} tabIndex={onPick ? 0 : undefined} onKeyDown={onPick ? (e) => e.key === 'Enter' && onPick(r.key) : undefined}>
            <td className="mono bsz-name" title={r.title ?? r.label}>
              {r.label}
            </td>
            <td className="muted small bsz-note">{r.note}</td>
            <td className="bld-bar-cell">
              <span className="bld-bar size" style={{ width: `${(r.size / max) * 100}%` }} />
            </td>
            <td className="num">{formatBytes(r.size)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Changes between two builds, biggest first: grown in one colour, shrunk in another. */
export function DeltaTable({
  rows,
  testId,
  columns,
  total,
}: {
  rows: { key: string; cells: string[]; before: number; after: number; delta: number; title?: string }[]
  testId: string
  columns: string[]
  total: number
}) {
  if (!rows.length) return <div className="muted small" data-testid={`${testId}-empty`}>No change.</div>
  const max = Math.max(1, ...rows.map((r) => Math.abs(r.delta)))
  return (
    <>
      <table className="bld-table bsz-delta" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
            <th>Change</th>
            <th className="num">Before</th>
            <th className="num">After</th>
            <th className="bld-bar-cell" />
            <th className="num">Delta</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const kind = changeOf(r)
            return (
              <tr key={r.key} data-testid={`${testId}-row`} data-change={kind} title={r.title}>
                {r.cells.map((c, i) => (
                  <td key={i} className={i === 0 ? 'mono bsz-name' : 'muted small'}>
                    {c}
                  </td>
                ))}
                <td>
                  <span className={`bsz-change bsz-change-${kind}`}>{kind}</span>
                </td>
                <td className="num">{formatBytes(r.before)}</td>
                <td className="num">{formatBytes(r.after)}</td>
                <td className="bld-bar-cell">
                  <span className={`bsz-dbar ${r.delta > 0 ? 'up' : 'down'}`} style={{ width: `${(Math.abs(r.delta) / max) * 100}%` }} />
                </td>
                <td className={`num ${r.delta > 0 ? 'bsz-up' : 'bsz-down'}`}>{formatDelta(r.delta)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {total > rows.length && <div className="muted small">and {total - rows.length} smaller changes</div>}
    </>
  )
}
