import type { ConsoleRow } from '../../src-shared/types-ui'
import { levelIcon } from './ConsoleList'

/** The selected entry in full, with every stack frame that names a file as a link (Unity's lower pane). */
export function ConsoleDetail({ row, onOpen }: { row: ConsoleRow | undefined; onOpen(file: string, line?: number, column?: number): void }) {
  if (!row) return <div className="console-detail muted small">Select an entry to see its full message and stack trace. Double-click or Enter opens its file.</div>
  return (
    <div className="console-detail" data-testid="console-detail">
      <div className={`detail-head level-${row.level}`}>
        {levelIcon(row.level)} {row.level}
        {row.code ? ` ${row.code}` : ''} · log line {row.firstLine}
        {row.count > 1 ? ` · ${row.count} times` : ''}
      </div>
      <pre className="detail-message">{row.message}</pre>
      {row.file && (
        <button className="link-button frame-link" onClick={() => onOpen(row.file!, row.line, row.column)} data-testid="console-detail-location">
          {row.file}:{row.line}
          {row.column ? `:${row.column}` : ''}
        </button>
      )}
      {row.stack.length > 0 && (
        <ul className="frames">
          {row.stack.map((f, i) => (
            <li key={i}>
              {f.file ? (
                <button className="link-button frame-link mono" onClick={() => onOpen(f.file!, f.line)} data-testid="console-frame">
                  {f.text.trim()}
                </button>
              ) : (
                <span className="mono muted">{f.text.trim()}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
