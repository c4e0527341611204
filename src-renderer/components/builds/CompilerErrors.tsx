import type { BuildMessage } from '../../../src-shared/types-builds'
import { useNavigation } from '../../state/navigation'

interface Grouped {
  m: BuildMessage
  count: number
}

/** Identical messages (Unity prints each compile error once per assembly pass) shown once with ×N. */
function group(messages: BuildMessage[]): Grouped[] {
  const byKey = new Map<string, Grouped>()
  for (const m of messages) {
    const key = `${m.type}|${m.file ?? ''}|${m.line ?? ''}|${m.column ?? ''}|${m.content}`
    const g = byKey.get(key)
    if (g) g.count++
    else byKey.set(key, { m, count: 1 })
  }
  return [...byKey.values()]
}

/**
 * Structured errors, exceptions and warnings of a build. A message with a file is a link that opens
 * the code editor at file:line:column.
 */
export function CompilerErrors({ messages, testId = 'build-errors', limit = 300, title }: { messages: BuildMessage[]; testId?: string; limit?: number; title?: string }) {
  const { navigate } = useNavigation()
  const errors = group(messages.filter((m) => m.type === 'error' || m.type === 'exception'))
  const warnings = group(messages.filter((m) => m.type === 'warning'))
  if (!errors.length && !warnings.length) return null
  const rows = [...errors, ...warnings].slice(0, limit)
  return (
    <section className="bld-messages" data-testid={testId}>
      <div className="panel-title">
        <span>
          <span className="bld-err-count">{counted(errors, 'error')}</span> · <span className="bld-warn-count">{counted(warnings, 'warning')}</span>
          {title && <span className="muted"> {title}</span>}
          {errors.length + warnings.length > rows.length && <span className="muted"> · first {rows.length} shown</span>}
        </span>
      </div>
      <ul>
        {rows.map(({ m, count }, i) => (
          <li key={i} className={`bld-msg bld-msg-${m.type}`}>
            <span className="bld-msg-icon" aria-hidden>
              {m.type === 'warning' ? '!' : '✕'}
            </span>
            {m.file && inProject(m.file) ? (
              <button
                className="link-button mono bld-msg-loc"
                data-testid="build-error-link"
                title={`Open ${m.file} at line ${m.line ?? 1}`}
                onClick={() => navigate({ view: 'code', path: m.file, line: m.line, column: m.column })}
              >
                {m.file}
                {m.line !== undefined && `:${m.line}${m.column !== undefined ? `:${m.column}` : ''}`}
              </button>
            ) : null}
            {m.code && <span className="chip mono">{m.code}</span>}
            {m.file && !inProject(m.file) && (
              <span className="mono muted bld-msg-loc" title={m.file}>
                {m.file.split(/[\\/]/).pop()}
                {m.line !== undefined && `:${m.line}`}
              </span>
            )}
            <span className="bld-msg-text" title={m.content}>
              {m.file ? stripLocation(m.content) : m.content}
            </span>
            {count > 1 && <span className="muted small"> ×{count}</span>}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** `Assets\X.cs(40,17): error CS0246: The type…` → `The type…` (the location is the link). */
function stripLocation(content: string): string {
  const m = /^.*?\(\d+,\d+\):\s*(?:error|warning)\s+\w+:\s*(.*)$/s.exec(content)
  return m ? m[1] : content
}

/** Unity's own sources (`/Users/bokken/build/…`) are not in the project: shown, not linked. */
function inProject(file: string): boolean {
  return !/^([a-zA-Z]:)?[\\/]/.test(file)
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** `46 distinct errors (98 in all)` when Unity repeated some, else `3 errors`. */
function counted(groups: Grouped[], word: string): string {
  const total = groups.reduce((n, g) => n + g.count, 0)
  return total === groups.length ? plural(total, word) : `${plural(groups.length, `distinct ${word}`)} (${total} in all)`
}
