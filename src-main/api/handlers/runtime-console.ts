import type { RuntimeSession } from '../../../src-shared/types-data'
import type { ConsoleSourceInfo } from '../../../src-shared/types-ui'
import type { RuntimeLogLine } from '../../../src-shared/types-runtime'
import { defineService } from '../../core/service-registry'
import type { SlateCore } from '../../host/slate-core'
import type { LogEntry } from '../../logs'
import type { DataStore } from '../../store/data-store'
import { consoleService } from './console'

/** The console sources of runtime sessions on this core: one per session, with its listeners. */
const runtimeConsoles = defineService<Map<string, { sourceId: string; off(): void }>, SlateCore>({
  name: 'runtime console sources',
  create: () => new Map(),
  projectChanged: (m) => {
    for (const s of m.values()) s.off()
    m.clear()
  },
  stop: (m) => m.forEach((s) => s.off()),
})

const LEVEL: Record<RuntimeLogLine['level'], LogEntry['level']> = { trace: 'info', debug: 'info', info: 'info', warning: 'warning', error: 'error', exception: 'exception', assert: 'error' }
const MAX_STORED = 50_000
const ENDED = ['stopped', 'failed']
/** A stopped session's log is simply complete; a failed one says why (shown above the entries). */
const endNote = (s: RuntimeSession) => (s.status === 'failed' ? `the session failed: ${s.errorMessage ?? 'no reason recorded'}` : null)

/**
 * A session's log in the Console view: the stored lines first (paged from the database), then the
 * live ones the core hears (runtime.log), until the session ends. Line ids keep the two from
 * doubling a line. Opening it again returns the same source while it is open.
 */
export async function openRuntimeConsole(core: SlateCore, store: DataStore, s: RuntimeSession, unstored: (after: { timestamp: string; id: string } | null) => RuntimeLogLine[]): Promise<ConsoleSourceInfo> {
  const con = consoleService(core)
  const open = core.service(runtimeConsoles)
  const known = open.get(s.id)
  const existing = known && con.list().find((x) => x.id === known.sourceId)
  if (existing) return existing
  known?.off()
  const info = con.openLive(`${String(s.containerConfig.image ?? 'session')} ${s.id.slice(0, 8)}`, `runtime session ${s.id}`, 'runtime')
  let seq = 0
  const seen = new Set<string>()
  const fresh = (lines: RuntimeLogLine[]) => lines.filter((l) => !seen.has(l.id) && (seen.add(l.id), true))
  const append = (lines: RuntimeLogLine[]) => {
    if (!lines.length) return
    con.appendLive(info.id, lines.map((l) => ({ seq: seq++, level: LEVEL[l.level] ?? 'info', kind: 'plain', message: l.message, stack: [], firstLine: 0, lastLine: 1 })), 0)
  }
  let loaded = false
  const pending: RuntimeLogLine[] = []
  const offLog = core.events.on('runtime.log', (e) => {
    if (e.sessionId !== s.id) return
    const lines = fresh(e.lines)
    if (loaded) append(lines)
    else pending.push(...lines)
  })
  const offState = core.events.on('runtime.session.changed', ({ session }) => {
    if (session.id === s.id && ENDED.includes(session.status)) con.endLive(info.id, endNote(session))
    else if (session.id === s.id && session.status === 'running') con.resumeLive(info.id)
  })
  open.set(s.id, { sourceId: info.id, off: () => (offLog(), offState()) })
  let after: { timestamp: string; id: string } | undefined
  for (let read = 0; read < MAX_STORED; ) {
    const rows = await store.listRuntimeLogs(s.id, { after, limit: 5000 })
    append(fresh(rows))
    read += rows.length
    if (rows.length) after = { timestamp: rows[rows.length - 1].timestamp, id: rows[rows.length - 1].id }
    if (rows.length < 5000) break
  }
  // lines the bus carried that the log aggregator has not written yet
  append(fresh(unstored(after ?? null)))
  loaded = true
  append(pending.sort((a, b) => a.timestamp.localeCompare(b.timestamp)))
  if (ENDED.includes(s.status)) con.endLive(info.id, endNote(s))
  return con.list().find((x) => x.id === info.id) ?? info
}
