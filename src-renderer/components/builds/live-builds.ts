import { useSyncExternalStore } from 'react'
import type { SlateClient } from '../../../src-shared/contract'
import type { BuildJobSummary, BuildMessage, BuildStageId, BuildTarget, BuildType } from '../../../src-shared/types-builds'
import { STAGE_LIST } from './build-meta'
import { onProjectSwitch } from '../../state/project-scope'

/** What the Builds view shows of one build while it runs (and just after it ended). */
export interface LiveBuild {
  jobId: string
  target: BuildTarget | null
  type: BuildType | null
  /** Local clock when this renderer first heard of the build; the elapsed time counts from here
   * until the first progress event gives the core's own figure. */
  seenAt: number
  stage: BuildStageId | null
  progress: number
  /** elapsedMs of the last progress event and when it arrived, to extrapolate between events. */
  elapsedMs: number
  elapsedAt: number
  estimatedTotalMs: number | null
  /** The last lines of the log (a tail, not the whole log). */
  tail: string[]
  totalLines: number
  /** Errors, warnings and exceptions found so far. */
  messages: BuildMessage[]
  finished: BuildJobSummary | null
  cancelling: boolean
}

const TAIL = 400
const MAX_MESSAGES = 5000

/**
 * One store per client, subscribed for the app's lifetime: a build keeps running when the user
 * switches to another view, and its stages and log must still be there when they come back.
 */
class LiveBuildsStore {
  private builds = new Map<string, LiveBuild>()
  private snapshot: LiveBuild[] = []
  private listeners = new Set<() => void>()

  constructor(client: SlateClient) {
    client.on('build.progress', (ev) =>
      this.update(ev.jobId, (b) => ({
        ...b,
        stage: ev.stage,
        progress: Math.max(b.progress, ev.progress),
        elapsedMs: ev.elapsedMs,
        elapsedAt: Date.now(),
        estimatedTotalMs: ev.estimatedTotalMs,
      })),
    )
    client.on('build.log', (ev) =>
      this.update(ev.jobId, (b) => {
        const tail = b.tail.concat(ev.lines.map(cleanLine))
        const messages = b.messages.length < MAX_MESSAGES ? b.messages.concat(ev.messages) : b.messages
        return { ...b, tail: tail.length > TAIL ? tail.slice(-TAIL) : tail, totalLines: ev.firstLine + ev.lines.length - 1, messages }
      }),
    )
    client.on('build.finished', (job) =>
      this.update(job.id, (b) => ({ ...b, target: job.target, type: job.type, finished: job, cancelling: false, progress: job.status === 'succeeded' ? 100 : b.progress })),
    )
  }

  /** The project changed: its builds are not this project's. */
  clear() {
    this.builds.clear()
    this.emit()
  }

  /** Called when this renderer starts a build or finds one running. */
  track(jobId: string, info: { target: BuildTarget; type: BuildType }) {
    this.update(jobId, (b) => ({ ...b, ...info }))
  }

  /** Fill the log tail of a build that was already running when this renderer connected. */
  seedTail(jobId: string, lines: string[], totalLines: number) {
    this.update(jobId, (b) => (b.tail.length ? b : { ...b, tail: lines.slice(-TAIL), totalLines }))
  }

  /** Stage and clock of a build that was already running when this renderer connected (progress
   * moves per stage, so it names the stage). */
  seedProgress(jobId: string, progress: number, startedAt: string | null) {
    const stage = [...STAGE_LIST].reverse().find((s) => s.percent <= progress)
    this.update(jobId, (b) =>
      b.stage
        ? b
        : { ...b, stage: stage?.id ?? null, progress: Math.max(b.progress, progress), elapsedMs: startedAt ? Math.max(0, Date.now() - Date.parse(startedAt)) : b.elapsedMs, elapsedAt: Date.now() },
    )
  }

  setCancelling(jobId: string) {
    this.update(jobId, (b) => ({ ...b, cancelling: true }))
  }

  dismiss(jobId: string) {
    this.builds.delete(jobId)
    this.emit()
  }

  private update(jobId: string, f: (b: LiveBuild) => LiveBuild) {
    const now = Date.now()
    const base: LiveBuild = this.builds.get(jobId) ?? {
      jobId,
      target: null,
      type: null,
      seenAt: now,
      stage: null,
      progress: 0,
      elapsedMs: 0,
      elapsedAt: now,
      estimatedTotalMs: null,
      tail: [],
      totalLines: 0,
      messages: [],
      finished: null,
      cancelling: false,
    }
    this.builds.set(jobId, f(base))
    this.emit()
  }

  private emit() {
    // Newest first, so the view shows the build the user started last.
    this.snapshot = [...this.builds.values()].sort((a, b) => b.seenAt - a.seenAt)
    for (const l of this.listeners) l()
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }

  getSnapshot = () => this.snapshot
}

const stores = new WeakMap<SlateClient, LiveBuildsStore>()

export function liveBuildsOf(client: SlateClient): LiveBuildsStore {
  let s = stores.get(client)
  if (!s) {
    const store = new LiveBuildsStore(client)
    stores.set(client, (s = store))
    onProjectSwitch(() => store.clear())
  }
  return s
}

export function useLiveBuilds(client: SlateClient): LiveBuild[] {
  const store = liveBuildsOf(client)
  return useSyncExternalStore(store.subscribe, store.getSnapshot)
}

/** Elapsed time now: the core's figure from the last event plus the time since it arrived. */
export function elapsedNow(b: LiveBuild, now = Date.now()): number {
  if (b.finished?.durationMs != null) return b.finished.durationMs
  return b.elapsedMs + (now - b.elapsedAt)
}

/** Unity logs carry CRLF and blocks of NUL bytes (crash padding): neither is text to show. */
export function cleanLine(l: string): string {
  // eslint-disable-next-line no-control-regex
  return l.replace(/\r$/, '').replace(/\u0000+/g, '').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
}
