import type { LogLevel, RuntimeSession, RuntimeType } from './types-data'

/**
 * The Runtime area as the renderer sees it: sessions in containers (src-main/runtime), their
 * presets, live log lines, exec output and resource samples; and the analytics metrics
 * (src-main/analytics). Plain data: these cross IPC and the WebSocket.
 */

/** What a start asks for; the orchestrator checks it again (session-config.ts). */
export interface RuntimeStartRequest {
  runtimeType: RuntimeType
  image: string
  command: string[]
  env: Record<string, string>
  ports: string[]
  cpus: number | null
  /** "512m", "2g" or bytes */
  memory: string | null
  network: boolean
  /** project-relative folders */
  mounts: { hostPath: string; containerPath: string; readOnly: boolean }[]
}

/** A saved way to start a session: built-in, or the project's ProjectSettings/SlateRuntimePresets.json. */
export interface RuntimePreset extends Omit<RuntimeStartRequest, 'env'> {
  env?: Record<string, string>
  description: string
}

export interface RuntimePresets {
  project: Record<string, RuntimePreset>
  builtIn: Record<string, RuntimePreset>
}

/** One resource sample of a running session (Docker's stats, as `docker stats` computes them). */
export interface RuntimeStatsSample {
  sessionId: string
  /** ms since the epoch, when the core took it */
  at: number
  /** percent of one CPU: 200 = two cores busy */
  cpuPercent: number
  memoryUsedBytes: number
  memoryLimitBytes: number | null
  netRxBytes: number
  netTxBytes: number
  pids: number | null
}

export interface RuntimeLogLine {
  id: string
  level: LogLevel
  message: string
  timestamp: string
}

/** A batch of live lines of one session (as the orchestrator published them). */
export interface RuntimeLogEvent {
  sessionId: string
  lines: RuntimeLogLine[]
}

export interface RuntimeExecOutput {
  sessionId: string
  /** the exec call's own id, so a view shows only its command's output */
  execId: string
  stream: 'stdout' | 'stderr'
  text: string
}

export interface RuntimeSessionChanged {
  session: RuntimeSession
}

export interface RuntimeLogPage {
  lines: RuntimeLogLine[]
  /** pass as `after` for the next page; null at the end */
  next: { timestamp: string; id: string } | null
}

// --- analytics ------------------------------------------------------------------------------

export interface AnalyticsRange {
  from: string
  to: string
}

export interface AnalyticsMetrics {
  range: AnalyticsRange
  /** the buckets of the series (day or hour starts, ISO) */
  bucket: 'hour' | 'day'
  totals: { events: number; byName: Record<string, number> }
  projects: { created: number; updated: number; deleted: number }
  users: { active: number; eventsPerUser: { userId: string; events: number }[] }
  builds: { target: string; total: number; succeeded: number; failed: number; successRate: number | null; meanDurationMs: number | null }[]
  runtime: { sessions: number; succeeded: number; failed: number; successRate: number | null; meanCpuPercent: number | null; peakMemoryBytes: number | null; netRxBytes: number; netTxBytes: number }
  assets: { batches: number; files: number; failed: number; filesPerMinute: number | null }
  logs: { sessionId: string; lines: number }[]
  /** events per bucket, per name group (builds, runtime, assets, projects, logs) */
  series: { at: string[]; groups: Record<string, number[]> }
}
