import { createHash } from 'node:crypto'
import { LOG_LEVELS } from '../../src-shared/types-data'
import type * as D from '../../src-shared/types-data'
import { uuidv7, type RuntimeLogInput } from '../store/bulk'
import { nameBasedUuid } from '../store/project-id'

/**
 * One log line on `slate.runtime.log.<sessionId>`. The orchestrator publishes them in batches
 * (`{ lines: [...] }`, one message per chunk of container output) so the bus carries a few
 * thousand messages per second rather than hundreds of thousands; the aggregator also accepts a
 * single line as the payload (the shape other publishers may use).
 */
export interface LogLineMessage {
  id: string
  sessionId: string
  level: D.LogLevel
  message: string
  /** ISO 8601 with microseconds: the container's own timestamp from Docker */
  timestamp: string
  metadata?: D.JsonObject
}

export interface LogBatchMessage {
  lines: LogLineMessage[]
}

/**
 * A line's level from the way programs mark them (general conventions, not one program's
 * format): a leading level token ("ERROR", "[warn]", "W/", "level=error"), exceptions and stack
 * traces, then the stream: unmarked stderr is a warning, unmarked stdout is info.
 */
const EXCEPTION = /(?:^|\s)(?:Unhandled\s+)?[A-Za-z_.]*Exception\b|^\s+at\s+\S+\s*\(|^Traceback \(most recent call last\)/
const LEADING = /^\s*(?:\d{4}-\d\d-\d\d[T ][\d:.,]+Z?\s*)?[[(<]?\s*(?:level=)?(fatal|crit(?:ical)?|error|err|assert(?:ion)?|warn(?:ing)?|info|debug|trace|verbose)\b/i
const ANYWHERE_ERROR = /\b(?:error|fatal|failed|panic)\b/i

export function classifyLevel(message: string, stream: 'stdout' | 'stderr'): D.LogLevel {
  const m = LEADING.exec(message)
  if (m) {
    const t = m[1].toLowerCase()
    if (t.startsWith('fatal') || t.startsWith('crit') || t.startsWith('err')) return 'error'
    if (t.startsWith('assert')) return 'assert'
    if (t.startsWith('warn')) return 'warning'
    if (t === 'debug' || t === 'verbose') return 'debug'
    if (t === 'trace') return 'trace'
    return 'info'
  }
  if (EXCEPTION.test(message)) return 'exception'
  if (ANYWHERE_ERROR.test(message) && /^\s*\S*\s*(?:error|fatal|panic)\b/i.test(message)) return 'error'
  return stream === 'stderr' ? 'warning' : 'info'
}

export const isUrgent = (level: D.LogLevel) => level === 'warning' || level === 'error' || level === 'exception' || level === 'assert'

/** Docker's RFC 3339 nano timestamp → ISO with microseconds (PostgreSQL's precision). */
export function dockerTimeToIso(ts: string): { iso: string; ms: number; micro: number } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(ts)
  if (!m) {
    const now = Date.now()
    return { iso: new Date(now).toISOString(), ms: now, micro: 0 }
  }
  const frac = (m[2] ?? '').padEnd(6, '0').slice(0, 6)
  const ms = Date.parse(`${m[1]}.${frac.slice(0, 3)}Z`)
  return { iso: `${m[1]}.${frac}Z`, ms, micro: Number(frac.slice(3)) }
}

/**
 * A deterministic, time-ordered id for a container's line: milliseconds, microseconds and the
 * line's rank among lines with the same Docker timestamp, then a hash of session, container and
 * timestamp. Reading the same container's log again (after an orchestrator restart, resuming from
 * the last stored second) makes the same ids, so a line is stored once; and ordering by
 * (timestamp, id) gives the container's own order even for lines of the same microsecond.
 */
export function lineId(sessionId: string, containerId: string, dockerTs: string, rank: number, ms: number, micro: number): string {
  const h = createHash('sha1').update(`${sessionId}|${containerId}|${dockerTs}|${rank}`).digest('hex')
  const hex = ms.toString(16).padStart(12, '0') + micro.toString(16).padStart(3, '0') + Math.min(rank, 0xffff).toString(16).padStart(4, '0') + h.slice(0, 13)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/**
 * Turns the demultiplexed chunks of `docker logs --timestamps` into lines. Chunks may split a
 * line anywhere; a partial line waits for its end (or for flush() when the stream ends).
 */
export class TimestampedLineSplitter {
  private rest = ''
  private lastTs = ''
  private rank = 0

  constructor(
    private readonly sessionId: string,
    private readonly containerId: string,
    private readonly stream: 'stdout' | 'stderr',
    private readonly ranks: { ts: string; rank: number },
  ) {}

  push(chunk: string): LogLineMessage[] {
    const text = this.rest + chunk
    const parts = text.split('\n')
    this.rest = parts.pop() ?? ''
    return parts.map((p) => this.line(p)).filter((l): l is LogLineMessage => l !== null)
  }

  flush(): LogLineMessage[] {
    const r = this.rest
    this.rest = ''
    const l = r ? this.line(r) : null
    return l ? [l] : []
  }

  private line(raw: string): LogLineMessage | null {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const sp = line.indexOf(' ')
    const ts = sp > 0 ? line.slice(0, sp) : ''
    const message = sp > 0 ? line.slice(sp + 1) : line
    // the rank is shared by stdout and stderr (one counter per session): both streams interleave
    // in the log file in one order
    if (ts === this.ranks.ts) this.ranks.rank++
    else {
      this.ranks.ts = ts
      this.ranks.rank = 0
    }
    this.lastTs = ts
    this.rank = this.ranks.rank
    const t = dockerTimeToIso(ts)
    return {
      id: lineId(this.sessionId, this.containerId, ts, this.rank, t.ms, t.micro),
      sessionId: this.sessionId,
      level: classifyLevel(message, this.stream),
      message,
      timestamp: t.iso,
      metadata: { stream: this.stream },
    }
  }

  get lastTimestamp(): string {
    return this.lastTs
  }
}

const LEVEL_SET: ReadonlySet<string> = new Set(LOG_LEVELS)
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A value from the bus that is a UUID in its text form (what an id column takes). */
export const isUuidText = (v: unknown): v is string => typeof v === 'string' && UUID_SHAPE.test(v)
/** A level from the bus when it is one of ours, else the one the message itself says. */
export function levelOf(v: unknown, message: string): D.LogLevel {
  return typeof v === 'string' && LEVEL_SET.has(v) ? (v as D.LogLevel) : classifyLevel(message, 'stdout')
}
/** RFC 3339 with a zone, what every publisher of ours sends (PostgreSQL reads it exactly) */
const RFC3339 = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/
export const isRfc3339 = (v: unknown): v is string => typeof v === 'string' && RFC3339.test(v)
/** longest message stored (the rest is cut): one runaway line must not make a batch of megabytes */
export const MAX_LOG_MESSAGE = 64 * 1024

/** Text PostgreSQL can store: no NUL (text refuses it), at most MAX_LOG_MESSAGE characters. */
export function storableText(s: string): string {
  const t = s.length > MAX_LOG_MESSAGE ? s.slice(0, MAX_LOG_MESSAGE) : s
  return t.includes('\0') ? t.replaceAll('\0', '') : t
}

/**
 * A bus message (a line or `{ lines }`) → rows the database takes. The bus is open to any
 * publisher: a line without a session id is dropped; a bad level is read from the message; a
 * timestamp that is not RFC 3339 becomes the time it was stored; an id that is not a UUID is
 * made from the message's stream sequence and position (`seq`: the same on a redelivery) or,
 * in-process, fresh. What slips through (a 31 February) is caught by the sink (writeApart).
 */
export function runtimeLogRows(data: unknown, seq: number | null): RuntimeLogInput[] {
  const list: unknown[] = Array.isArray((data as LogBatchMessage | null)?.lines) ? (data as LogBatchMessage).lines : [data]
  const out: RuntimeLogInput[] = []
  let knownGood = '' // a batch's lines are nearly always one session's: test its id once
  for (let i = 0; i < list.length; i++) {
    const l = list[i] as Partial<Record<keyof LogLineMessage, unknown>> | null
    if (!l || typeof l !== 'object' || typeof l.sessionId !== 'string' || typeof l.message !== 'string') continue
    if (l.sessionId !== knownGood) {
      if (!UUID_SHAPE.test(l.sessionId)) continue
      knownGood = l.sessionId
    }
    const message = storableText(l.message)
    out.push({
      id: isUuidText(l.id) ? l.id : seq === null ? uuidv7() : nameBasedUuid(`runtime-log:${seq}:${i}`),
      sessionId: l.sessionId,
      level: levelOf(l.level, message),
      message,
      timestamp: isRfc3339(l.timestamp) ? l.timestamp : undefined,
      metadata: l.metadata && typeof l.metadata === 'object' && !Array.isArray(l.metadata) ? (l.metadata as D.JsonObject) : undefined,
    })
  }
  return out
}

