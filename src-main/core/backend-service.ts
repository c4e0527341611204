import type { Registry } from 'prom-client'

/**
 * One backend service (container orchestrator, build worker, asset processor, log aggregator,
 * analytics, artifacts, link relay) as `slate services` and the app's solo mode run it. Each
 * feature folder exports a `start…Service(deps): Promise<BackendService>`; the entry points
 * (cli/commands/services.ts, host/) compose them, so features never import each other.
 */
export interface BackendService {
  /** the name `--only` takes: container, build, asset, logs, analytics, artifacts, link */
  readonly name: string
  /** pieces of work taken and not yet finished (requests, jobs, buffered lines) */
  inFlight(): number
  /** for /healthz and the dashboard: ok, and what it is doing or why it is not ok */
  health(): { ok: boolean; detail: string }
  /**
   * Stop taking new work, finish (or hand back to the queue) what is in flight, release
   * everything. After drain() resolves nothing of this service runs. Called on SIGTERM.
   */
  drain(): Promise<void>
}

/** What every service start gets: the Prometheus registry its counters go into (prom-client). */
export interface BackendServiceContext {
  metrics: Registry
  /** a line for the operator's log (stderr of `slate services`) */
  log(line: string): void
}
