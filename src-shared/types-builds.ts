/**
 * Types of the Builds area: profiles, jobs, progress and history. Plain data only: these cross
 * IPC, the WebSocket, NATS and the database.
 */

// The nine targets and three build types are the database's check constraints too: one list, in types-data.
import { platformSettingsSchema } from './types-platform'
import { BUILD_STATUSES, BUILD_TARGETS, BUILD_TYPES, type BuildStatus, type BuildTarget, type BuildType } from './types-data'
export { BUILD_STATUSES, BUILD_TARGETS, BUILD_TYPES, type BuildStatus, type BuildTarget, type BuildType }
import type { BudgetState, BudgetVerdict, SizeBuildKind, SizeFile } from './types-buildsize'

export type ScriptingBackend = 'Mono' | 'IL2CPP'
export type BuildCompression = 'none' | 'LZ4' | 'LZ4HC'
export type BuildRunnerKind = 'local' | 'docker' | 'farm'

export interface BuildOptionFlags {
  developmentBuild: boolean
  autoconnectProfiler: boolean
  deepProfiling: boolean
  scriptDebugging: boolean
  waitForManagedDebugger: boolean
}

/**
 * A build profile: the type is the schema's (buildProfileSchema below), so the two cannot drift.
 * id: stable id inside the project (`[a-z0-9-]+`); scenes: ordered scene paths, null = the enabled
 * scenes of EditorBuildSettings at build time; defines: extra scripting define symbols on top of
 * the player settings; outputPath: project-relative (or absolute) output, a file for single-file
 * players, a folder otherwise; unityBuildProfile: a Unity 6 build profile asset, passed as
 * `-activeBuildProfile`; platform: Android / WebGL / iOS settings (types-platform.ts), secrets
 * only by reference; content: a content build (AssetBundles or Addressables) instead of a player.
 */
export type BuildProfile = z.output<typeof buildProfileSchema>

export interface ProfileIssue {
  /** `options.deepProfiling`, `scenes[2]`, `outputPath`… */
  field: string
  severity: 'error' | 'warning'
  message: string
}

export interface ProfileValidation {
  ok: boolean
  issues: ProfileIssue[]
}

/** What Unity's build report says (or what SLATE concluded when there was none). */
export type BuildResult = 'Succeeded' | 'Failed' | 'Cancelled' | 'Unknown'
/** Why a build failed, so the UI and scripts can tell a licensing problem from a compile error. */
export type BuildFailureKind = 'report-failed' | 'no-report' | 'exit-code' | 'licensing' | 'compile-errors' | 'crash' | 'runner'

export const BUILD_STAGES = [
  { id: 'prepare', label: 'Prepare', percent: 10 },
  { id: 'compile', label: 'Compile scripts', percent: 30 },
  { id: 'bundles', label: 'Build asset bundles', percent: 50 },
  { id: 'package', label: 'Package resources', percent: 70 },
  { id: 'optimize', label: 'Optimize', percent: 85 },
  { id: 'executable', label: 'Create executable', percent: 95 },
  { id: 'finalize', label: 'Finalize', percent: 100 },
] as const
export type BuildStageId = (typeof BUILD_STAGES)[number]['id']

export interface BuildMessage {
  type: 'error' | 'warning' | 'exception' | 'info'
  content: string
  file?: string
  line?: number
  column?: number
  code?: string
}

export interface CompileError {
  file: string
  line: number
  column: number
  code: string
  message: string
}

/** Published on `slate.build.<jobId>.progress` and as the `build.progress` event. */
export interface BuildProgressEvent {
  jobId: string
  stage: BuildStageId
  /** Stage label ("Compile scripts"); named like the bus's generic progress payload. */
  step: string
  /** 0–100 */
  progress: number
  elapsedMs: number
  /** Median duration of earlier successful builds of this project and target; null without history. */
  estimatedTotalMs: number | null
  /** The log line that moved the build to this stage. */
  marker?: string
  /** 1-based number of that line in the build's log. */
  logLine?: number
  at: string
}

/** Published on `slate.build.<jobId>.log` and as the `build.log` event: a batch of log lines. */
export interface BuildLogEvent {
  jobId: string
  /** 1-based number of the first line of `lines`. */
  firstLine: number
  lines: string[]
  /** Structured messages found in these lines (errors, warnings, exceptions). */
  messages: BuildMessage[]
}

/** Unity's build report as the bridge package writes it (`-slateReportPath`). */
export interface BridgeBuildReport {
  result: BuildResult
  platform: string
  outputPath: string
  totalTimeMs: number
  totalSize: number
  totalErrors: number
  totalWarnings: number
  buildStartedAt: string
  buildEndedAt: string
  steps: { name: string; depth: number; durationMs: number; messages: { type: string; content: string }[] }[]
  packedAssets: { sourceAssetGUID: string; sourceAssetPath: string; packedSize: number; type: string }[]
  /** Build sizes (read by src-main/builds/report/bridge-json-report.ts); absent in older bridges. */
  kind?: 'player' | 'asset-bundles' | 'addressables'
  buildGuid?: string
  files?: { path: string; role: string; size: number }[]
  packedFiles?: { file: string; contents: { guid: string; path: string; type: string; size: number; objects: number }[] }[]
}

export interface BuildStep {
  /** Row id when stored; the mirror reuses it so replication never sees two rows for one step. */
  id?: string
  name: string
  depth: number
  durationMs: number
  messages: { type: string; content: string }[]
}

export interface PackedAsset {
  guid: string
  path: string
  size: number
  type: string
  /** The output file the objects were packed into (build sizes, types-buildsize.ts). */
  file?: string
  /** How many packed objects this entry sums. */
  objects?: number
}

export interface BuildJobSummary {
  id: string
  projectRoot: string
  projectName: string
  target: BuildTarget
  type: BuildType
  runner: BuildRunnerKind
  status: BuildStatus
  result: BuildResult | null
  failureKind: BuildFailureKind | null
  /** One sentence a person can act on; null for a success. */
  reason: string | null
  progress: number
  sourceCommit: string | null
  outputPath: string | null
  totalSize: number | null
  errorCount: number
  warningCount: number
  durationMs: number | null
  startedAt: string | null
  completedAt: string | null
  createdAt: string
  /** `imported` for Unity 6.6+ BuildReportSummary.json files, `slate` for builds SLATE ran. */
  origin: 'slate' | 'imported'
  /** The worker (host) that ran it, for farm builds. */
  worker: string | null
  /** Player or content build, and the size budget's verdict after the build (types-buildsize.ts). */
  sizeKind?: SizeBuildKind
  budgetState?: BudgetState
}

export interface BuildJobDetail extends BuildJobSummary {
  profile: BuildProfile | null
  unityVersion: string | null
  commandLine: string[]
  steps: BuildStep[]
  /** Biggest first. */
  packedAssets: PackedAsset[]
  messages: BuildMessage[]
  /** The files the build wrote, biggest first (reports with m_Files; content builds: the bundles). */
  files?: SizeFile[]
  budget?: BudgetVerdict | null
}

export interface BuildHistoryFilter {
  projectRoot?: string
  target?: BuildTarget
  type?: BuildType
  status?: BuildStatus
  limit?: number
}

export interface BuildTargetStats {
  target: BuildTarget
  total: number
  succeeded: number
  successRate: number
  /** Durations of the last successful builds, oldest first: the trend line. */
  recentDurationsMs: number[]
  medianDurationMs: number | null
}

export interface BuildHistoryPage {
  jobs: BuildJobSummary[]
  stats: BuildTargetStats[]
  /** `local mirror` when read from the embedded database while the team server is away. */
  source: string
}

/** The final line of `slate build --json`. */
export interface BuildCliResult {
  jobId: string
  status: BuildStatus
  result: BuildResult | null
  reason: string | null
  durationMs: number | null
  totalSize: number | null
  errors: CompileError[]
  warnings: number
  outputPath: string | null
  /** The size budget's verdict, when the project has budgets for this build. */
  budget?: BudgetVerdict
}

export interface UnityEditorInstall {
  version: string
  path: string
  source: 'setting' | 'env' | 'hub' | 'argument'
}

export interface UnityDiscovery {
  projectVersion: string | null
  editors: UnityEditorInstall[]
  match: UnityEditorInstall | null
  /** Says what to do when no editor matches. */
  message: string | null
}

export interface BuildLogPage {
  jobId: string
  /** 1-based number of the first line returned. */
  fromLine: number
  lines: string[]
  /** Total lines so far (the file grows while the build runs). */
  totalLines: number
  /** false when this machine has no log for the job (farm builds run elsewhere). */
  available: boolean
}

export interface BridgeManifestDiff {
  manifestPath: string
  installed: boolean
  before: string
  after: string
  /** What changes, for the confirmation dialog: the files of Packages/com.slate.bridge and the manifest's unified diff. */
  diff: string
  /** The project's bridge now: embedded (portable), a manifest `file:` reference (this machine only), or none. */
  current?: 'embedded' | 'reference' | 'none'
  installedVersion?: string | null
  bundledVersion?: string
  /** SLATE carries a newer bridge than the project's (or the project still has a machine-path reference). */
  updateAvailable?: boolean
}

// --- schemas (validated at the API boundary and when profiles are read from disk) -------------
import { z } from 'zod'

export const buildTargetSchema = z.enum(BUILD_TARGETS)
export const buildTypeSchema = z.enum(BUILD_TYPES)
export const buildProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes'),
    name: z.string().min(1).max(200),
    target: buildTargetSchema,
    type: buildTypeSchema,
    scenes: z.array(z.string().max(1024)).max(10_000).nullable(),
    backend: z.enum(['Mono', 'IL2CPP']),
    compression: z.enum(['none', 'LZ4', 'LZ4HC']),
    options: z
      .object({
        developmentBuild: z.boolean(),
        autoconnectProfiler: z.boolean(),
        deepProfiling: z.boolean(),
        scriptDebugging: z.boolean(),
        waitForManagedDebugger: z.boolean(),
      })
      .strict(),
    defines: z.array(z.string().max(200)).max(500),
    outputPath: z.string().max(4096),
    unityBuildProfile: z.string().max(4096).optional(),
    platform: platformSettingsSchema.optional(),
    content: z.enum(['asset-bundles', 'addressables']).optional(),
  })
  .strict()
