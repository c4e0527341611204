import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { FuzzyIndex, matchPositions, splitPosition } from '../lib/fuzzy'
import { useClient } from '../state/client'
import { onKeyBinding } from '../keys/keybindings'
import { useNavigation } from '../state/navigation'
import { onProjectSwitch } from '../state/project-scope'

type OpenListener = (initial: string) => void
const openers = new Set<OpenListener>()
/** Open quick open from anywhere (a button, an error message) with text already typed. */
export function openQuickOpen(initial = ''): void {
  for (const o of openers) o(initial)
}

// The file list and its index outlive the dialog: reopening is instant, and refreshed behind the scenes.
let cached: { files: string[]; index: FuzzyIndex; truncated: boolean } | null = null
onProjectSwitch(() => (cached = null))

/**
 * Ctrl/Cmd+P from any view: fuzzy file search over the whole project, ranked on every keystroke
 * in the renderer (no round trip), with `:line[:column]` to jump straight to a position.
 */
export function QuickOpen() {
  const client = useClient()
  const { navigate } = useNavigation()
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const [list, setList] = useState(cached)
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const returnFocus = useRef<Element | null>(null)

  useEffect(() => {
    const show = (initial: string) => {
      returnFocus.current = document.activeElement
      setQuery(initial)
      setSelected(0)
      setOpen(true)
    }
    openers.add(show)
    // Ctrl+P (Ctrl+K in a browser), ahead of Monaco: keys/keybindings.ts.
    const off = onKeyBinding('quickOpen', () => show(''))
    return () => {
      openers.delete(show)
      off()
    }
  }, [])

  // Fetch the file list once the app is idle, so the first Ctrl+P is as instant as the next ones.
  useEffect(() => {
    const t = setTimeout(() => {
      if (cached) return
      client.call('files.list', {}).then(
        (r) => {
          if (!cached) cached = { files: r.files, index: new FuzzyIndex(r.files), truncated: r.truncated }
          setList(cached)
        },
        () => undefined,
      )
    }, 3000)
    return () => clearTimeout(t)
  }, [client])

  useEffect(() => {
    if (!open) return
    input.current?.focus()
    let cancelled = false
    client.call('files.list', {}).then(
      (r) => {
        if (cancelled) return
        if (!cached || cached.files.length !== r.files.length || cached.files[0] !== r.files[0]) cached = { files: r.files, index: new FuzzyIndex(r.files), truncated: r.truncated }
        setList(cached)
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    )
    return () => {
      cancelled = true
    }
  }, [open, client])

  const pos = splitPosition(query)
  const results = useMemo(() => (list && pos.text ? list.index.search(pos.text, 50) : []), [list, pos.text])
  if (!open) return null

  const close = () => {
    setOpen(false)
    ;(returnFocus.current as HTMLElement | null)?.focus?.()
  }
  const choose = (i: number) => {
    const r = results[i]
    if (!r || !list) return
    setOpen(false)
    navigate({ view: 'code', path: list.files[r.index], line: pos.line ?? (pos.column ? 1 : undefined), column: pos.column })
  }
  return (
    <div className="overlay" onMouseDown={close}>
      <div className="quick-open" role="dialog" aria-label="Quick open" onMouseDown={(e) => e.stopPropagation()} data-testid="quick-open">
        <input
          ref={input}
          value={query}
          placeholder="Go to file (add :line to jump)"
          aria-label="File name"
          data-testid="quick-open-input"
          autoFocus
          // A modal: keep the focus in it while it is open (a view finishing loading behind it
          // must not take the keyboard away mid-word).
          onBlur={() => requestAnimationFrame(() => document.querySelector('[data-testid="quick-open"]') && input.current?.focus())}
          onChange={(e) => {
            setQuery(e.target.value)
            setSelected(0)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') return close()
            if (e.key === 'ArrowDown') setSelected((s) => Math.min(s + 1, results.length - 1))
            else if (e.key === 'ArrowUp') setSelected((s) => Math.max(s - 1, 0))
            else if (e.key === 'Enter') choose(selected)
            else return
            e.preventDefault()
          }}
        />
        <div className="quick-open-list" role="listbox" data-testid="quick-open-results" data-query={pos.text} data-count={results.length}>
          {error && <div className="error-box">{error}</div>}
          {!list && !error && <div className="muted qo-hint">Listing project files…</div>}
          {list && !pos.text && (
            <div className="muted qo-hint">
              {list.files.length.toLocaleString()} files{list.truncated ? ' (list truncated)' : ''}. Type part of a name: letters may be spread out (“bctl” finds BoatController).
            </div>
          )}
          {list && pos.text && results.length === 0 && <div className="muted qo-hint">No file matches “{pos.text}”.</div>}
          {list &&
            results.map((r, i) => {
              const path = list.files[r.index]
              const marks = new Set(matchPositions(pos.text, path))
              const base = path.lastIndexOf('/') + 1
              // Runs of matched / unmatched characters, not one node per character: this list re-renders on every keystroke.
              const render = (from: number, to: number) => {
                const parts: ReactNode[] = []
                let start = from
                for (let k = from + 1; k <= to; k++) {
                  if (k === to || marks.has(k) !== marks.has(start)) {
                    const text = path.slice(start, k)
                    parts.push(marks.has(start) ? <b key={start}>{text}</b> : text)
                    start = k
                  }
                }
                return parts
              }
              return (
                <div
                  key={path}
                  role="option"
                  aria-selected={i === selected}
                  className={`qo-item${i === selected ? ' selected' : ''}`}
                  onMouseMove={() => setSelected(i)}
                  onClick={() => choose(i)}
                  data-testid="quick-open-item"
                  data-path={path}
                >
                  <span className="qo-name">{render(base, path.length)}</span>
                  <span className="qo-dir muted">{render(0, base)}</span>
                </div>
              )
            })}
        </div>
      </div>
    </div>
  )
}
