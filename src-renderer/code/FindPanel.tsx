import { useEffect, useRef, useState } from 'react'
import type { FindMatch, FindResult } from '../../src-shared/types-ui'
import { ApiError } from '../../src-shared/api-error'
import { useClient } from '../state/client'
import { useNavigation } from '../state/navigation'

/** Find in files (Ctrl/Cmd+Shift+F): results grouped by file, each line a link to file:line:column. */
export function FindPanel({ onClose }: { onClose(): void }) {
  const client = useClient()
  const { navigate } = useNavigation()
  const input = useRef<HTMLInputElement>(null)
  const [query, setQuery] = useState('')
  const [include, setInclude] = useState('')
  const [opts, setOpts] = useState({ regex: false, caseSensitive: false, wholeWord: false })
  const [state, setState] = useState<{ result?: FindResult; error?: string; busy: boolean }>({ busy: false })

  useEffect(() => input.current?.focus(), [])

  const run = async () => {
    if (!query) return
    setState({ busy: true })
    try {
      const result = await client.call('files.find', { query, include, ...opts })
      setState({ result, busy: false })
    } catch (err) {
      setState({ error: err instanceof ApiError ? err.message : String(err), busy: false })
    }
  }

  const groups = new Map<string, FindMatch[]>()
  for (const m of state.result?.matches ?? []) {
    const list = groups.get(m.path)
    if (list) list.push(m)
    else groups.set(m.path, [m])
  }
  const toggle = (k: keyof typeof opts, label: string, title: string) => (
    <button className={`toggle${opts[k] ? ' on' : ''}`} title={title} aria-pressed={opts[k]} onClick={() => setOpts({ ...opts, [k]: !opts[k] })}>
      {label}
    </button>
  )
  return (
    <aside className="find-panel" data-testid="find-panel" aria-label="Find in files">
      <div className="panel-title">
        Find in files <button className="link-button" onClick={onClose} aria-label="Close find in files">×</button>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <div className="find-row">
          <input ref={input} value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search (Enter)" aria-label="Search text" data-testid="find-query" />
          {toggle('caseSensitive', 'Aa', 'Match case')}
          {toggle('wholeWord', 'ab', 'Whole word')}
          {toggle('regex', '.*', 'Regular expression')}
        </div>
        <input value={include} onChange={(e) => setInclude(e.target.value)} placeholder="Files to include, e.g. *.cs or Assets/Scripts/**" aria-label="Files to include" />
      </form>
      <div className="find-results">
        {state.busy && <div className="muted small">Searching…</div>}
        {state.error && <div className="error-box" role="alert">{state.error}</div>}
        {state.result && (
          <div className="muted small" data-testid="find-summary">
            {state.result.matches.length}
            {state.result.truncated ? '+' : ''} results in {state.result.files} files · {state.result.ms} ms ({state.result.engine})
          </div>
        )}
        {state.result && state.result.matches.length === 0 && <div className="muted">No results. Check the spelling, or widen the files to include.</div>}
        {[...groups].map(([path, matches]) => (
          <div key={path} className="find-group">
            <div className="find-file" title={path}>
              {path.slice(path.lastIndexOf('/') + 1)} <span className="muted small">{path.slice(0, path.lastIndexOf('/'))}</span>
            </div>
            {matches.slice(0, 200).map((m) => (
              <button key={`${m.line}:${m.column}`} className="find-hit" data-testid="find-hit" data-path={m.path} onClick={() => navigate({ view: 'code', path: m.path, line: m.line, column: m.column })}>
                <span className="muted">{m.line}</span>{' '}
                <span className="mono">
                  {m.preview.slice(0, m.previewColumn).trimStart()}
                  <mark>{m.preview.slice(m.previewColumn, m.previewColumn + m.length)}</mark>
                  {m.preview.slice(m.previewColumn + m.length)}
                </span>
              </button>
            ))}
          </div>
        ))}
      </div>
    </aside>
  )
}
