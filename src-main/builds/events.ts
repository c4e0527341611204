import type { BuildJobSummary, BuildLogEvent, BuildProgressEvent } from '../../src-shared/types-builds'

/**
 * Where a running build reports to. The bus adapter (./bus-events.ts) publishes on
 * `slate.build.<jobId>.progress` / `.log`; the core adapter re-emits as the contract's
 * `build.progress` / `build.log` / `build.finished` events; tests collect them.
 */
export interface BuildEventSink {
  progress(ev: BuildProgressEvent): void
  log(ev: BuildLogEvent): void
  finished(job: BuildJobSummary): void
}

export function fanOut(...sinks: (BuildEventSink | undefined)[]): BuildEventSink {
  const live = sinks.filter((s): s is BuildEventSink => !!s)
  return {
    progress: (ev) => live.forEach((s) => s.progress(ev)),
    log: (ev) => live.forEach((s) => s.log(ev)),
    finished: (job) => live.forEach((s) => s.finished(job)),
  }
}

/** Collects events; `waitFor` resolves when an event matching the predicate has arrived. */
export class RecordingSink implements BuildEventSink {
  readonly progressEvents: BuildProgressEvent[] = []
  readonly logEvents: BuildLogEvent[] = []
  readonly finishedJobs: BuildJobSummary[] = []
  private waiters: { check: () => boolean; resolve: () => void }[] = []

  progress(ev: BuildProgressEvent): void {
    this.progressEvents.push(ev)
    this.wake()
  }
  log(ev: BuildLogEvent): void {
    this.logEvents.push(ev)
    this.wake()
  }
  finished(job: BuildJobSummary): void {
    this.finishedJobs.push(job)
    this.wake()
  }

  waitFor(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ check, resolve }))
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true
      w.resolve()
      return false
    })
  }
}
