/**
 * Rows of SLATE's database as the rest of the app sees them: camelCase, timestamps as ISO strings
 * (microsecond precision, UTC), 64-bit integers as strings. Plain data: these cross IPC.
 */

export const BUILD_TYPES = ['development', 'staging', 'production'] as const
export type BuildType = (typeof BUILD_TYPES)[number]

/** Unity's BuildTarget names for the nine platforms SLATE builds. */
export const BUILD_TARGETS = [
  'StandaloneWindows64',
  'StandaloneOSX',
  'StandaloneLinux64',
  'Android',
  'iOS',
  'WebGL',
  'PS5',
  'GameCoreXboxSeries',
  'Switch',
] as const
export type BuildTarget = (typeof BUILD_TARGETS)[number]

export const BUILD_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const
export type BuildStatus = (typeof BUILD_STATUSES)[number]

export const RUNTIME_TYPES = ['unity', 'unreal', 'godot'] as const
export type RuntimeType = (typeof RUNTIME_TYPES)[number]

export const RUNTIME_STATUSES = ['pending', 'starting', 'running', 'stopping', 'stopped', 'failed'] as const
export type RuntimeStatus = (typeof RUNTIME_STATUSES)[number]

/** Unity's LogType plus trace/debug/info. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'exception', 'assert'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export const BUILD_STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const
export type BuildStepStatus = (typeof BUILD_STEP_STATUSES)[number]

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
export type JsonObject = { [k: string]: Json }

/** Columns every soft-deletable table has. */
export interface Timestamps {
  createdAt: string
  updatedAt: string
  deletedAt: string | null
}

export interface Project extends Timestamps {
  id: string
  name: string
  description: string
  ownerId: string
  settings: JsonObject
}

export interface FileRecord extends Timestamps {
  id: string
  projectId: string
  path: string
  content: string | null
  contentRef: string | null
  /** bytes; a string because files can exceed 2^53 in theory and bigint columns come back as text */
  size: string
  mimeType: string
  encoding: 'utf8' | 'binary' | 'base64' | 'lfs-pointer'
}

export interface Asset extends Timestamps {
  id: string
  projectId: string
  fileId: string | null
  guid: string | null
  type: string
  metadata: JsonObject
}

export interface RuntimeSession extends Timestamps {
  id: string
  projectId: string
  userId: string
  runtimeType: RuntimeType
  status: RuntimeStatus
  containerId: string | null
  containerConfig: JsonObject
  startedAt: string | null
  stoppedAt: string | null
  errorMessage: string | null
  metadata: JsonObject
}

export interface RuntimeLog {
  id: string
  sessionId: string
  level: LogLevel
  message: string
  timestamp: string
  metadata: JsonObject
}

export interface BuildJob extends Timestamps {
  id: string
  projectId: string
  userId: string
  status: BuildStatus
  buildType: BuildType
  targetPlatform: BuildTarget
  sourceCommit: string | null
  outputPath: string | null
  errorMessage: string | null
  progress: number
  startedAt: string | null
  completedAt: string | null
  /** BuildReport summary and anything else the builds feature keeps. */
  metadata: JsonObject
  /** bytes of the player, from the BuildReport summary */
  totalSize: string | null
  durationMs: string | null
}

export interface BuildStep {
  id: string
  jobId: string
  stepIndex: number
  name: string
  depth: number
  durationMs: string
  status: BuildStepStatus
  createdAt: string
  updatedAt: string
}

export interface BuildMessage {
  id: string
  jobId: string
  stepId: string | null
  level: LogLevel
  message: string
  file: string | null
  line: number | null
  timestamp: string
}

export interface PackedAsset {
  id: string
  jobId: string
  outputFile: string
  sourcePath: string
  guid: string | null
  type: string
  packedSize: string
  createdAt: string
}

export interface AssetDependency {
  projectId: string
  fromAssetId: string
  toGuid: string
  /** Unity fileID: signed 64-bit, kept as a string */
  toFileId: string
  refType: number | null
}

export interface Page<T> {
  items: T[]
  /** total rows matching the filter (ignores limit/offset) */
  total: number
  limit: number
  offset: number
}

/** What `data.status` and `slate status` report. */
export interface DataStatus {
  mode: 'embedded' | 'team'
  database: string
  replica: string | null
  cache: string
  bus: string
  /** team mode: is the team database reachable right now (else reads/writes go to the local mirror) */
  online: boolean
  pendingSync: number
  lastSyncAt: string | null
  lastSyncError: string | null
  migrations: { applied: number; pending: number }
}
