import type * as D from '../../src-shared/types-data'
import type { RuntimeExecOutput, RuntimeLogEvent, RuntimeLogLine, RuntimeSessionChanged, RuntimeStatsSample } from '../../src-shared/types-runtime'
import type { Bus, BusSubscription } from '../bus/bus'
import type { EntityEvent, Subjects } from '../bus/subjects'
import type { DataStore } from '../store/data-store'
import type { LogBatchMessage, LogLineMessage } from './log-lines'
import { RuntimeClient } from './orchestrator-service'

/** "…T23:16:18.776123Z", "…T23:16:18.7761+00:00" → one comparable form (UTC, six fraction digits). */
function sortableTime(t: string): string {
  const m = /^([^.+Z]*)(?:\.(\d+))?(?:Z|[+-]00:?00)?$/.exec(t)
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(6, '0').slice(0, 6)}` : t
}

const RECENT_LINES = 5000
const RECENT_SESSIONS = 50

/** The data layer of the core of the moment (it may be replaced or missing). */
export interface RuntimeLiveData {
  bus: Bus
  subjects: Subjects
  store: DataStore
}

export interface RuntimeLiveOptions {
  data: () => RuntimeLiveData | null
  emitSession(p: RuntimeSessionChanged): void
  emitLog(p: RuntimeLogEvent): void
  emitStats(p: RuntimeStatsSample): void
  emitExec(p: RuntimeExecOutput): void
  /** samples kept per session for a chart opened later (default 600: ten minutes at 1 Hz) */
  keepSamples?: number
}

/**
 * What a UI-facing core keeps about runtime sessions: it listens on the bus (session rows changed,
 * live log lines, the stats samples the container service publishes once a second for the
 * sessions of this project) and holds the last minutes of samples so a chart opened later has a
 * history. Nothing here runs or samples a container: that is the container service's, wherever it
 * is, once per session however many UIs are open.
 */
export class RuntimeLive {
  private bound: RuntimeLiveData | null = null
  private subs: BusSubscription[] = []
  /** this project's sessions (rows seen): samples of others' are not kept */
  private readonly known = new Set<string>()
  private readonly samples = new Map<string, RuntimeStatsSample[]>()
  /** the latest lines heard per session: what the log aggregator may not have stored yet */
  private readonly recent = new Map<string, RuntimeLogLine[]>()

  constructor(private readonly o: RuntimeLiveOptions) {}

  /** The client on the current data layer, binding the listeners to it first. */
  client(): RuntimeClient {
    const d = this.bind()
    return new RuntimeClient(d.bus, d.subjects)
  }

  /** Subscribe on the data layer's bus (again if the core's data layer was replaced). */
  bind(): RuntimeLiveData {
    const d = this.o.data()
    if (!d) throw Object.assign(new Error('the data layer is not running (see the status bar): runtime sessions need the database and the bus'), { code: 'unavailable' })
    if (this.bound === d) return d
    this.unbind()
    this.bound = d
    const S = d.subjects
    this.subs.push(
      d.bus.subscribe<EntityEvent>(S.entityAll('runtimeSession'), (m) => void this.sessionChanged(d, m.data.id)),
      d.bus.subscribe<LogBatchMessage | LogLineMessage>(S.runtimeLogAll(), (m) => this.logLines(m.data)),
      d.bus.subscribe<RuntimeStatsSample>(S.runtimeEventAll('stats'), (m) => this.sampled(m.data)),
    )
    return d
  }

  private async sessionChanged(d: RuntimeLiveData, id: string): Promise<void> {
    const session = await d.store.runtimeSessions.get(id).catch(() => null)
    if (!session) return
    this.track(session)
    this.o.emitSession({ session })
  }

  private logLines(data: LogBatchMessage | LogLineMessage): void {
    const lines = 'lines' in data && Array.isArray(data.lines) ? data.lines : [data as LogLineMessage]
    const bySession = new Map<string, RuntimeLogEvent>()
    for (const l of lines) {
      if (!l || typeof l.sessionId !== 'string' || typeof l.message !== 'string') continue
      let e = bySession.get(l.sessionId)
      if (!e) bySession.set(l.sessionId, (e = { sessionId: l.sessionId, lines: [] }))
      e.lines.push({ id: l.id, level: l.level, message: l.message, timestamp: l.timestamp })
    }
    for (const e of bySession.values()) {
      const list = this.recent.get(e.sessionId) ?? []
      list.push(...e.lines)
      if (list.length > RECENT_LINES) list.splice(0, list.length - RECENT_LINES)
      this.recent.delete(e.sessionId) // re-inserted last: the Map's order is least recently heard first
      this.recent.set(e.sessionId, list)
      if (this.recent.size > RECENT_SESSIONS) this.recent.delete(this.recent.keys().next().value!)
      this.o.emitLog(e)
    }
  }

  /**
   * Lines heard after `after` (the last stored line; null: all heard), in order: the end of a log
   * the aggregator has not written yet (it batches for a few seconds), so a reader of the
   * database misses nothing the bus already carried.
   */
  unstoredTail(sessionId: string, after: { timestamp: string; id: string } | null): RuntimeLogLine[] {
    const list = this.recent.get(sessionId) ?? []
    const key = (l: { timestamp: string; id: string }) => `${sortableTime(l.timestamp)}|${l.id}`
    const sorted = [...list].sort((a, b) => key(a).localeCompare(key(b)))
    return after ? sorted.filter((l) => key(l) > key(after)) : sorted
  }

  /** A session row of this project was seen: its samples are kept from now on. */
  track(s: D.RuntimeSession): void {
    this.known.add(s.id)
  }

  private sampled(p: RuntimeStatsSample): void {
    if (!p || typeof p.sessionId !== 'string' || !this.known.has(p.sessionId)) return
    const keep = this.o.keepSamples ?? 600
    const list = this.samples.get(p.sessionId) ?? []
    list.push(p)
    if (list.length > keep) list.splice(0, list.length - keep)
    this.samples.set(p.sessionId, list)
    this.o.emitStats(p)
  }

  statsOf(sessionId: string): RuntimeStatsSample[] {
    return [...(this.samples.get(sessionId) ?? [])]
  }

  /** Run a command, its output streamed to the UI under execId. */
  exec(sessionId: string, execId: string, cmd: string[]) {
    return this.client().exec(sessionId, cmd, (stream, text) => this.o.emitExec({ sessionId, execId, stream, text }))
  }

  /** Another project: its sessions are not ours to sample. */
  forget(): void {
    this.known.clear()
    this.samples.clear()
  }

  private unbind(): void {
    for (const s of this.subs) s.unsubscribe()
    this.subs = []
    this.bound = null
  }

  stop(): void {
    this.forget()
    this.unbind()
  }
}
