import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState } from 'react'
import type { AssetFolder } from '../../src-shared/types-ui'

const ROW = 24

/** The folder tree, flattened by what is expanded and virtualized (large projects have thousands of folders). */
export function FolderTree({ folders, selected, onSelect }: { folders: AssetFolder[]; selected: string | null; onSelect(path: string): void }) {
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(['Assets']))
  const children = useMemo(() => {
    const m = new Map<string, AssetFolder[]>()
    for (const f of folders) {
      const list = m.get(f.parent)
      if (list) list.push(f)
      else m.set(f.parent, [f])
    }
    return m
  }, [folders])
  // Reveal the selected folder's ancestors.
  const open = useMemo(() => {
    const s = new Set(expanded)
    if (selected) for (let p = selected; p.includes('/'); ) s.add((p = p.slice(0, p.lastIndexOf('/'))))
    return s
  }, [expanded, selected])
  const rows = useMemo(() => {
    const out: { f: AssetFolder; depth: number }[] = []
    const walk = (parent: string, depth: number) => {
      for (const f of children.get(parent) ?? []) {
        out.push({ f, depth })
        if (open.has(f.path)) walk(f.path, depth + 1)
      }
    }
    walk('', 0)
    return out
  }, [children, open])
  const scroller = useRef<HTMLDivElement>(null)
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10 })
  const toggle = (p: string) =>
    setExpanded((s) => {
      const n = new Set(open)
      if (s.has(p) || open.has(p)) n.delete(p)
      else n.add(p)
      return n
    })
  return (
    <div className="folder-tree" ref={scroller} role="tree" aria-label="Folders" data-testid="folder-tree">
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((v) => {
          const { f, depth } = rows[v.index]
          const hasChildren = children.has(f.path)
          return (
            <div
              key={f.path}
              role="treeitem"
              aria-selected={selected === f.path}
              aria-expanded={hasChildren ? open.has(f.path) : undefined}
              className={`tree-row${selected === f.path ? ' selected' : ''}`}
              style={{ transform: `translateY(${v.start}px)`, paddingLeft: 6 + depth * 14 }}
              onClick={() => onSelect(f.path)}
              data-testid="folder-row"
              data-path={f.path}
            >
              <button
                className="twisty"
                tabIndex={-1}
                aria-label={open.has(f.path) ? 'Collapse' : 'Expand'}
                style={{ visibility: hasChildren ? 'visible' : 'hidden' }}
                onClick={(e) => {
                  e.stopPropagation()
                  toggle(f.path)
                }}
              >
                {open.has(f.path) ? '▾' : '▸'}
              </button>
              <span className="tree-name">{f.name}</span>
              {f.readOnly && f.parent === 'Packages' && (
                <span className="tree-badge muted" title="A package read from outside the project: shown read-only">
                  read-only
                </span>
              )}
              <span className="tree-count muted">{f.assets.toLocaleString()}</span>
            </div>
          )
        })}
      </div>
    </div>
  )
}
