import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { AssetListItem } from '../../src-shared/types-ui'
import { formatBytes, PROBLEM_TEXT } from './asset-icons'
import { Thumb } from './Thumb'
import type { AssetPages } from './useAssetPages'

const TILE_W = 112
const TILE_H = 124
const LIST_H = 26

/**
 * The asset grid (or list), virtualized by rows: whatever the number of assets, only the rows on
 * screen exist in the DOM, and their data arrives a page at a time.
 */
/**
 * Ctrl/⌘+click adds an asset to (or takes it out of) the marked set, Shift+click marks the range
 * from the last one; a plain click selects one and clears the marks. Ctrl/⌘+A marks every result.
 */
export type MarkGesture = 'toggle' | 'range' | 'all'

export function AssetGrid({ pages, mode, selected, onSelect, onOpen, marked, onMark }: { pages: AssetPages; mode: 'grid' | 'list'; selected: string | null; onSelect(a: AssetListItem): void; onOpen(a: AssetListItem): void; marked?: ReadonlySet<string>; onMark?(a: AssetListItem | null, how: MarkGesture): void }) {
  const scroller = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(800)
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(el.clientWidth))
    ro.observe(el)
    setWidth(el.clientWidth)
    return () => ro.disconnect()
  }, [])
  const cols = mode === 'grid' ? Math.max(1, Math.floor((width - 16) / TILE_W)) : 1
  const rowCount = Math.ceil(pages.total / cols)
  const virtual = useVirtualizer({ count: rowCount, getScrollElement: () => scroller.current, estimateSize: () => (mode === 'grid' ? TILE_H : LIST_H), overscan: 4 })
  useEffect(() => virtual.measure(), [mode, virtual])
  const rows = virtual.getVirtualItems()
  const first = (rows[0]?.index ?? 0) * cols
  const last = ((rows[rows.length - 1]?.index ?? 0) + 1) * cols
  useEffect(() => {
    if (pages.total > 0) pages.want(first, Math.min(pages.total, last))
  }, [first, last, pages])

  // Keep the selection on screen when it changes from outside (a dependency link, a deep link).
  const selIndex = selected ? pages.indexOf(selected) : -1
  useEffect(() => {
    if (selIndex >= 0) virtual.scrollToIndex(Math.floor(selIndex / cols), { align: 'auto' })
  }, [selIndex, cols, virtual])

  const move = (delta: number) => {
    const i = Math.max(0, Math.min(pages.total - 1, (selIndex < 0 ? 0 : selIndex) + delta))
    const a = pages.item(i)
    if (a) onSelect(a)
  }
  return (
    <div
      className={`asset-grid mode-${mode}`}
      ref={scroller}
      tabIndex={0}
      role="listbox"
      aria-label="Assets"
      data-testid="asset-grid"
      data-total={pages.total}
      data-loaded={pages.loadedKey}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight') move(1)
        else if (e.key === 'ArrowLeft') move(-1)
        else if (e.key === 'ArrowDown') move(cols)
        else if (e.key === 'ArrowUp') move(-cols)
        else if (e.key.toLowerCase() === 'a' && (e.ctrlKey || e.metaKey) && onMark) onMark(null, 'all')
        else if (e.key === 'Enter' && selIndex >= 0) {
          const a = pages.item(selIndex)
          if (a) onOpen(a)
        } else return
        e.preventDefault()
      }}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {rows.map((r) => (
          <div key={r.key} className="asset-row" style={{ transform: `translateY(${r.start}px)`, height: mode === 'grid' ? TILE_H : LIST_H }}>
            {Array.from({ length: cols }, (_, c) => {
              const i = r.index * cols + c
              if (i >= pages.total) return null
              const a = pages.item(i)
              if (!a) return <div key={c} className="asset-tile placeholder" />
              const name = a.path.slice(a.path.lastIndexOf('/') + 1)
              return (
                <div
                  key={a.path}
                  role="option"
                  aria-selected={a.path === selected || Boolean(marked?.has(a.path))}
                  className={`asset-tile${a.path === selected ? ' selected' : ''}${marked?.has(a.path) ? ' marked' : ''}${a.problems.length ? ' has-problem' : ''}`}
                  title={`${a.path}\n${a.type}${a.problems.map((k) => `\n• ${PROBLEM_TEXT[k] ?? k}`).join('')}`}
                  onClick={(e) => {
                    if (onMark && (e.ctrlKey || e.metaKey || e.shiftKey)) onMark(a, e.shiftKey ? 'range' : 'toggle')
                    else onSelect(a)
                  }}
                  onDoubleClick={() => onOpen(a)}
                  data-testid="asset-item"
                  data-path={a.path}
                  data-type={a.type}
                >
                  <span className="tile-thumb">
                    <Thumb path={a.path} type={a.type} size={mode === 'grid' ? 96 : 24} storage={a.storage} />
                  </span>
                  <span className="tile-name">{name}</span>
                  {mode === 'list' && (
                    <>
                      <span className="tile-type muted">{a.type}</span>
                      <span className="tile-size muted">{a.type === 'Folder' ? '' : formatBytes(a.size)}</span>
                      <span className="tile-dir muted">{a.path.slice(0, a.path.lastIndexOf('/'))}</span>
                    </>
                  )}
                  {a.problems.length > 0 && <span className="problem-dot" aria-label="has problems" />}
                </div>
              )
            })}
          </div>
        ))}
      </div>
    </div>
  )
}
