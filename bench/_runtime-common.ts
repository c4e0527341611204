/** Shared by bench/runtime.ts and its Docker part: percentiles, an observable log sink, lines. */
import fs from 'node:fs'
import type { LogSink } from '../src-main/runtime/log-sink'
import { dockerTimeToIso, lineId, type LogLineMessage } from '../src-main/runtime/log-lines'
import type { RuntimeLogInput } from '../src-main/store/bulk'

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

export const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`
export const perSec = (n: number, msTaken: number) => `${Math.round(n / (msTaken / 1000)).toLocaleString('en-US')} lines/s`

/**
 * A sink that tells who waits when rows are committed: the bench times "published → stored" at
 * the moment the COPY's transaction returns, without polling the database.
 */
export class ObservedSink implements LogSink {
  written = 0
  private readonly waits: { match: (r: RuntimeLogInput) => boolean; resolve: (at: number) => void }[] = []
  private readonly countWaits: { n: number; resolve: (at: number) => void }[] = []

  constructor(private readonly inner: LogSink) {}

  async write(rows: RuntimeLogInput[]): Promise<{ written: number; duplicates: number; orphans: number }> {
    const r = await this.inner.write(rows)
    const at = performance.now()
    this.written += r.written
    for (const w of [...this.waits]) {
      if (rows.some(w.match)) {
        this.waits.splice(this.waits.indexOf(w), 1)
        w.resolve(at)
      }
    }
    for (const w of [...this.countWaits]) {
      if (this.written >= w.n) {
        this.countWaits.splice(this.countWaits.indexOf(w), 1)
        w.resolve(at)
      }
    }
    return r
  }

  /** performance.now() of the commit that stored a row matching `match`. */
  stored(match: (r: RuntimeLogInput) => boolean): Promise<number> {
    return new Promise((resolve) => this.waits.push({ match, resolve }))
  }

  /** performance.now() of the commit that brought the total to n. */
  total(n: number): Promise<number> {
    if (this.written >= n) return Promise.resolve(performance.now())
    return new Promise((resolve) => this.countWaits.push({ n, resolve }))
  }
}

/** A container-like line k of a session (Docker timestamp, deterministic id), ~110 bytes of text. */
export function benchLine(sessionId: string, k: number, level: LogLineMessage['level'] = 'info'): LogLineMessage {
  const ms = Date.UTC(2026, 0, 1) + Math.floor(k / 1000)
  const ts = `${new Date(ms).toISOString().slice(0, 23)}${String(k % 1000).padStart(3, '0')}000Z`
  const t = dockerTimeToIso(ts)
  return {
    id: lineId(sessionId, 'bench', ts, 0, t.ms, t.micro),
    sessionId,
    level,
    message: `[Frame ${k}] Player position updated: (${k % 97}.25, 0.00, ${k % 89}.75) in SceneManager.Update()`,
    timestamp: t.iso,
    metadata: { stream: 'stdout' },
  }
}

/**
 * CPU seconds used so far by every process whose command name is one of `names` (Linux /proc;
 * an empty map elsewhere). Read before and after a phase to say which side the time went to.
 */
export function processCpuSeconds(names: string[]): Map<string, number> {
  const out = new Map<string, number>()
  let pids: string[] = []
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))
  } catch {
    return out
  }
  const tick = 100 // USER_HZ on Linux
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      if (!names.includes(name)) continue
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) / tick)
    } catch {
      // the process ended meanwhile
    }
  }
  return out
}

/** "node 2.1 s, postgres 2.3 s, nats-server 0.2 s" between two processCpuSeconds readings (this process from its own counter). */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>, selfUs: NodeJS.CpuUsage): string {
  const parts = [`this process ${((selfUs.user + selfUs.system) / 1e6).toFixed(2)} s`]
  for (const [name, v] of after) parts.push(`${name} ${(v - (before.get(name) ?? 0)).toFixed(2)} s`)
  return parts.join(', ')
}
