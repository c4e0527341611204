import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { ConsoleRow } from '../../src-shared/types-ui'
import type { ConsoleRowsState } from './useConsoleRows'

const ROW_HEIGHT = 24
// Plain glyphs drawn as coloured badges by CSS: emoji icons depend on fonts a build machine may lack.
const LEVEL_ICON: Record<ConsoleRow['level'], string> = { info: 'i', warning: '!', error: '×', exception: '‼' }

export function levelIcon(level: ConsoleRow['level']): string {
  return LEVEL_ICON[level]
}

/**
 * The virtualized entry list: a million rows cost only the ~40 on screen. Auto-scroll follows new
 * entries while the view is at the bottom and pauses as soon as the user scrolls up, like Unity's
 * Console; "Jump to latest" resumes it.
 */
export function ConsoleList({ rows, selected, onSelect, onOpen }: { rows: ConsoleRowsState; selected: number | null; onSelect(i: number): void; onOpen(row: ConsoleRow): void }) {
  const scroller = useRef<HTMLDivElement>(null)
  const [follow, setFollow] = useState(true)
  const virtual = useVirtualizer({ count: rows.total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 })
  const items = virtual.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0

  useEffect(() => {
    if (rows.total > 0) rows.want(first, last + 1)
  }, [first, last, rows])

  useLayoutEffect(() => {
    if (follow && rows.total > 0) virtual.scrollToIndex(rows.total - 1, { align: 'end' })
  }, [rows.total, follow, virtual])

  // Only the user scrolling up pauses following; a shrinking list (a new filter) must not.
  const lastTop = useRef(0)
  const onScroll = () => {
    const el = scroller.current
    if (!el) return
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 1.5
    const scrolledUp = el.scrollTop < lastTop.current - 2
    lastTop.current = el.scrollTop
    if (atBottom && !follow) setFollow(true)
    else if (!atBottom && follow && scrolledUp && userIntent.current) setFollow(false)
  }
  const userIntent = useRef(false)
  const markUser = () => {
    userIntent.current = true
  }

  return (
    <div className="console-list-wrap">
      <div
        className="console-list"
        ref={scroller}
        onScroll={onScroll}
        onWheel={markUser}
        onPointerDown={markUser}
        onTouchStart={markUser}
        role="listbox"
        aria-label="Log entries"
        tabIndex={0}
        data-testid="console-list"
        data-total={rows.total}
        onKeyDown={(e) => {
          markUser()
          if (selected === null) return
          if (e.key === 'ArrowDown') onSelect(Math.min(rows.total - 1, selected + 1))
          else if (e.key === 'ArrowUp') onSelect(Math.max(0, selected - 1))
          else if (e.key === 'Enter') {
            const r = rows.row(selected)
            if (r) onOpen(r)
          } else return
          e.preventDefault()
        }}
      >
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const r = rows.row(it.index)
            return (
              <div
                key={it.key}
                role="option"
                aria-selected={selected === it.index}
                className={`console-row level-${r?.level ?? 'info'}${selected === it.index ? ' selected' : ''}`}
                style={{ transform: `translateY(${it.start}px)`, height: ROW_HEIGHT }}
                onClick={() => onSelect(it.index)}
                onDoubleClick={() => r && onOpen(r)}
                data-testid="console-row"
                data-level={r?.level}
              >
                {r ? (
                  <>
                    <span className="lvl" aria-label={r.level}>
                      {LEVEL_ICON[r.level]}
                    </span>
                    {r.tool && <span className="tag small muted">{r.tool}</span>}
                    <span className="msg">{r.title}</span>
                    {r.kind === 'group' && r.lines && <span className="small muted"> ({r.lines} lines)</span>}
                    {r.file && (
                      <button
                        className="loc"
                        title={`Open ${r.file}:${r.line ?? 1} in the code editor`}
                        onClick={(e) => {
                          e.stopPropagation()
                          onOpen(r)
                        }}
                        data-testid="console-location"
                      >
                        {r.file.slice(r.file.lastIndexOf('/') + 1)}:{r.line}
                      </button>
                    )}
                    {r.count > 1 && <span className="count-badge">{r.count}</span>}
                  </>
                ) : (
                  <span className="msg muted">…</span>
                )}
              </div>
            )
          })}
        </div>
      </div>
      {!follow && rows.total > 0 && (
        <button className="jump-latest" onClick={() => setFollow(true)} data-testid="console-jump-latest">
          Auto-scroll paused · Jump to latest ↓
        </button>
      )}
    </div>
  )
}
