import type {
  BuildFailureKind,
  BuildHistoryFilter,
  BuildHistoryPage,
  BuildJobDetail,
  BuildMessage,
  BuildProfile,
  BuildResult,
  BuildRunnerKind,
  BuildStatus,
  BuildStep,
  BuildTarget,
  BuildType,
  PackedAsset,
} from '../../src-shared/types-builds'
import type { BudgetVerdict, SizeBuildKind, SizeFile, SizeReportFormat } from '../../src-shared/types-buildsize'

export interface NewBuildJob {
  id: string
  projectRoot: string
  projectName: string
  target: BuildTarget
  type: BuildType
  runner: BuildRunnerKind
  profile: BuildProfile
  unityVersion: string | null
  commandLine: string[]
  sourceCommit: string | null
  userId: string
  status: 'queued' | 'running'
  /** `imported` for builds read from Unity's own build history. */
  origin?: 'slate' | 'imported'
  /** The process that runs it (local and docker runners): default this host and process. */
  owner?: BuildOwner
}

/** Which process on which machine runs a job: a crash leaves its job unfinished, and the next start finds it by this. */
export interface BuildOwner {
  host: string
  pid: number
}

export interface UnfinishedJob {
  id: string
  pid: number | null
  startedAt: string | null
  createdAt: string
}

export interface BuildCompletion {
  status: Exclude<BuildStatus, 'queued' | 'running'>
  result: BuildResult
  failureKind: BuildFailureKind | null
  reason: string | null
  startedAt: string
  completedAt: string
  durationMs: number
  totalSize: number | null
  outputPath: string | null
  errorCount: number
  warningCount: number
  steps: BuildStep[]
  packedAssets: PackedAsset[]
  messages: BuildMessage[]
  worker: string | null
  /** Which delivery of a farm job finished it (1 = first). */
  attempt?: number
  /** Build sizes (report/): the files written, what was built, the budget's verdict. */
  files?: SizeFile[]
  size?: CompletionSizeMeta
}

/**
 * The completion of a job that failed before Unity produced anything (refused by a worker, given up
 * after its deliveries, interrupted by a crash): no steps, sizes or messages, only the reason.
 */
export function failedBeforeRun(o: { reason: string; startedAt: string; completedAt: string; worker: string | null; attempt?: number; result?: BuildResult }): BuildCompletion {
  return {
    status: 'failed',
    result: o.result ?? 'Unknown',
    failureKind: 'runner',
    reason: o.reason,
    startedAt: o.startedAt,
    completedAt: o.completedAt,
    durationMs: 0,
    totalSize: null,
    outputPath: null,
    errorCount: 0,
    warningCount: 0,
    steps: [],
    packedAssets: [],
    messages: [],
    worker: o.worker,
    ...(o.attempt !== undefined ? { attempt: o.attempt } : {}),
  }
}

export interface CompletionSizeMeta {
  kind: SizeBuildKind
  format: SizeReportFormat | null
  reportName?: string | null
  buildGuid?: string | null
  budget?: BudgetVerdict | null
}

/** Everything a build's sizes were stored with: every packed row (not the detail's top 5000). */
export interface BuildSizeData {
  files: SizeFile[]
  packed: PackedAsset[]
}

/**
 * Where build jobs are remembered. The PostgreSQL implementation (./history-pg.ts) is the real one;
 * tests of the build pipeline use the in-memory one. `complete` is the exactly-once point of the
 * farm: it returns true for the one call that moved the job to a final state and false for every
 * later one (a redelivered job whose first worker finished after all), which then only acks.
 */
export interface BuildHistoryStore {
  createJob(job: NewBuildJob): Promise<void>
  markRunning(id: string, info: { startedAt: string; worker: string | null; attempt?: number }): Promise<void>
  setProgress(id: string, progress: number): Promise<void>
  complete(id: string, c: BuildCompletion): Promise<boolean>
  get(id: string): Promise<BuildJobDetail | null>
  list(filter: BuildHistoryFilter): Promise<BuildHistoryPage>
  /** Durations of recent successful builds of a project and target, newest first. */
  recentDurations(projectRoot: string, target: BuildTarget, limit?: number): Promise<number[]>
  /** Farm cancel: mark an unfinished job; its worker reads the mark. False when already finished. */
  requestCancel(id: string): Promise<boolean>
  cancelRequested(id: string): Promise<boolean>
  /** The full size data of a job (report/size-store.ts falls back to get() without it). */
  sizeData?(id: string): Promise<BuildSizeData | null>
  /** Jobs `host` ran with a local or docker runner that never finished (see reconcile-interrupted.ts). */
  unfinishedOf?(host: string): Promise<UnfinishedJob[]>
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2)
}
