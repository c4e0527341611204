import { useEffect, useRef, useState } from 'react'
import type { CodeSymbol } from '../../src-shared/types-code'
import { useClient } from '../state/client'
import { onKeyBinding } from '../keys/keybindings'
import { useNavigation } from '../state/navigation'

type OpenListener = () => void
const openers = new Set<OpenListener>()
/** Open "go to symbol in workspace" (Ctrl/Cmd+T; Alt+T in a browser, where Ctrl+T opens a tab). */
export function openSymbolSearch(): void {
  for (const o of openers) o()
}

/** Types and members of every script by name, from the core's C# symbol index. */
export function SymbolSearch() {
  const client = useClient()
  const { navigate } = useNavigation()
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const [results, setResults] = useState<CodeSymbol[]>([])
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    const show = () => {
      setQuery('')
      setSelected(0)
      setOpen(true)
    }
    openers.add(show)
    // Ctrl+T or Alt+T (Ctrl+E or Alt+T in a browser), ahead of Monaco: keys/keybindings.ts.
    const off = onKeyBinding('symbolSearch', () => show())
    return () => {
      openers.delete(show)
      off()
    }
  }, [])

  useEffect(() => {
    if (!open) return
    input.current?.focus()
    let cancelled = false
    client.call('code.symbols', { query, limit: 60 }).then(
      (r) => {
        if (cancelled) return
        setResults(r)
        setError(null)
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    )
    return () => {
      cancelled = true
    }
  }, [open, query, client])

  if (!open) return null
  const close = () => setOpen(false)
  const choose = (i: number) => {
    const s = results[i]
    if (!s) return
    setOpen(false)
    navigate({ view: 'code', path: s.path, line: s.line, column: s.column })
  }
  return (
    <div className="overlay" onMouseDown={close}>
      <div className="quick-open" role="dialog" aria-label="Go to symbol" onMouseDown={(e) => e.stopPropagation()} data-testid="symbol-search">
        <input
          ref={input}
          value={query}
          placeholder="Go to symbol in the project (type, method, field…)"
          aria-label="Symbol name"
          data-testid="symbol-search-input"
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
        <div className="quick-open-list" role="listbox">
          {error && <div className="error-box">{error}</div>}
          {!error && results.length === 0 && <div className="muted qo-hint">{query ? `No type or member matches “${query}”.` : 'Type part of a name.'}</div>}
          {results.map((s, i) => (
            <div
              key={`${s.path}:${s.line}:${s.column}`}
              role="option"
              aria-selected={i === selected}
              className={`qo-item${i === selected ? ' selected' : ''}`}
              onMouseMove={() => setSelected(i)}
              onClick={() => choose(i)}
              data-testid="symbol-search-item"
            >
              <span className="qo-name">
                <span className="badge">{s.kind}</span> {s.name}
              </span>
              <span className="qo-dir muted">
                {s.container} — {s.path}:{s.line}
              </span>
            </div>
          ))}
        </div>
      </div>
    </div>
  )
}
