import { useEffect, useRef, useState } from 'react'
import type { RuntimeLogLine } from '../../src-shared/types-runtime'
import { useClient } from '../state/client'

const SHOWN = 2000
const PAGES = 20

/**
 * A session's log: what the database holds (paged in order, the last SHOWN lines kept), then the
 * live lines as the container prints them. Ids make the two meet without doubles.
 */
export function SessionLog({ sessionId }: { sessionId: string }) {
  const client = useClient()
  const [lines, setLines] = useState<RuntimeLogLine[]>([])
  const [state, setState] = useState<'loading' | 'ready' | string>('loading')
  const [follow, setFollow] = useState(true)
  const [filter, setFilter] = useState('')
  const box = useRef<HTMLDivElement>(null)

  useEffect(() => {
    let gone = false
    const seen = new Set<string>()
    const append = (more: RuntimeLogLine[]) => {
      const fresh = more.filter((l) => !seen.has(l.id) && (seen.add(l.id), true))
      if (fresh.length) setLines((list) => [...list, ...fresh].slice(-SHOWN))
    }
    setLines([])
    setState('loading')
    const pending: RuntimeLogLine[] = []
    let loaded = false
    const off = client.on('runtime.log', (e) => (loaded ? append(e.lines) : pending.push(...e.lines)), sessionId)
    void (async () => {
      try {
        let after: { timestamp: string; id: string } | undefined
        for (let i = 0; i < PAGES; i++) {
          const page = await client.call('runtime.sessions.logs', { sessionId, limit: 1000, ...(after ? { after } : {}) })
          if (gone) return
          append(page.lines)
          if (!page.next) break
          after = page.next
        }
        loaded = true
        append(pending.sort((a, b) => a.timestamp.localeCompare(b.timestamp)))
        setState('ready')
      } catch (err) {
        loaded = true
        if (!gone) setState(err instanceof Error ? err.message : String(err))
      }
    })()
    return () => {
      gone = true
      off()
    }
  }, [client, sessionId])

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight
  }, [lines, follow])

  const needle = filter.trim().toLowerCase()
  const shown = needle ? lines.filter((l) => l.message.toLowerCase().includes(needle)) : lines
  return (
    <div className="runtime-log">
      <div className="runtime-log-bar">
        <strong>Log</strong>
        <span className="muted small">{state === 'loading' ? 'loading…' : state === 'ready' ? `${lines.length} lines${lines.length >= SHOWN ? ` (the last ${SHOWN})` : ''}` : state}</span>
        <span className="spacer" />
        <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="filter" aria-label="Filter the log" />
        <label className="small">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow
        </label>
      </div>
      <div className="runtime-log-lines mono" ref={box} data-testid="runtime-log">
        {shown.map((l) => (
          <div key={l.id} className={`log-line level-${l.level}`}>
            <span className="muted">{l.timestamp.slice(11, 23)}</span> {l.message}
          </div>
        ))}
        {!shown.length && state === 'ready' && <div className="muted">No lines yet.</div>}
      </div>
    </div>
  )
}
