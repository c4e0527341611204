import { useCallback, useEffect, useState } from 'react'
import type { DirEntry } from '../../src-shared/types'
import { useClient } from '../state/client'
import { useNavigation } from '../state/navigation'

// Unity's caches and build output, and VCS folders: never what a person browses for code.
const HIDDEN_TOP = new Set(['library', 'temp', 'obj', 'logs', 'usersettings', 'build', 'builds'])
const HIDDEN_ANY = new Set(['.git', '.vs', '.idea', '.vscode', '.plastic', 'node_modules'])
const visible = (e: DirEntry, depth: number) =>
  !e.name.endsWith('.meta') && !HIDDEN_ANY.has(e.name.toLowerCase()) && !(depth === 0 && e.kind === 'dir' && HIDDEN_TOP.has(e.name.toLowerCase()))

/** The project's files as a lazily loaded tree (folders load when opened), `.meta` files hidden. */
export function Explorer({ active, onClose }: { active: string | null; onClose(): void }) {
  const client = useClient()
  const { navigate } = useNavigation()
  const [children, setChildren] = useState(new Map<string, DirEntry[]>())
  const [open, setOpen] = useState(new Set<string>(['Assets']))
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(
    (dir: string) => {
      if (children.has(dir)) return
      client.call('fs.list', { path: dir }).then(
        (list) => setChildren((m) => new Map(m).set(dir, list)),
        (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
      )
    },
    [client, children],
  )
  useEffect(() => {
    load('')
    for (const d of open) load(d)
  }, [open, load])
  // Open the folders down to the active file, so it can be seen in its place.
  useEffect(() => {
    if (!active) return
    setOpen((s) => {
      const n = new Set(s)
      for (let p = active; p.includes('/'); ) n.add((p = p.slice(0, p.lastIndexOf('/'))))
      return n.size === s.size ? s : n
    })
  }, [active])

  const render = (dir: string, depth: number): React.ReactNode =>
    (children.get(dir) ?? [])
      .filter((e) => visible(e, depth))
      .map((e) => (
        <div key={e.path}>
          <button
            className={`explorer-row${e.path === active ? ' active' : ''}`}
            style={{ paddingLeft: 8 + depth * 12 }}
            onClick={() => {
              if (e.kind === 'file') return navigate({ view: 'code', path: e.path })
              setOpen((s) => {
                const n = new Set(s)
                if (n.has(e.path)) n.delete(e.path)
                else n.add(e.path)
                return n
              })
            }}
            title={e.path}
            data-testid="explorer-row"
            data-path={e.path}
          >
            <span className="twisty">{e.kind === 'dir' ? (open.has(e.path) ? '▾' : '▸') : ''}</span>
            {e.name}
          </button>
          {e.kind === 'dir' && open.has(e.path) && render(e.path, depth + 1)}
        </div>
      ))

  return (
    <aside className="find-panel explorer" aria-label="Files" data-testid="explorer">
      <div className="panel-title">
        Files <button className="link-button" onClick={onClose} aria-label="Close files">×</button>
      </div>
      {error && <div className="error-box">{error}</div>}
      <div className="find-results">{render('', 0)}</div>
    </aside>
  )
}
