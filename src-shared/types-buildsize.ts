/**
 * Build sizes: one model for every report SLATE reads (Unity's text-serialized BuildReport, the
 * bridge's JSON, content builds of AssetBundles / Addressables), what it says about where the bytes
 * went, the diff of two builds, size budgets and trends. Plain data: crosses IPC, the WebSocket and
 * the CLI's --json. Sizes are bytes as numbers (exact below 2^53, i.e. 8 PiB).
 */
import type { BuildResult, BuildStep, BuildTarget } from './types-builds'

/** `history`: rebuilt from what the build history stored. */
export type SizeReportFormat = 'unity-yaml' | 'bridge-json' | 'history'
/** What was built: a player, or content (AssetBundles, Addressables groups) through the bridge. */
export type SizeBuildKind = 'player' | 'asset-bundles' | 'addressables'

/** One file the build wrote (m_Files; for content builds, one bundle). */
export interface SizeFile {
  /** Relative to the project (or to the output folder when outside it), `/`-separated. */
  path: string
  role: string
  size: number
}

/** The packed objects of one source asset in one output file, of one type, summed. */
export interface SizePacked {
  /** `path` of the SizeFile the objects were packed into. */
  file: string
  /** 32 hex digits; all zeros for objects Unity generated (PreloadData, …). */
  guid: string
  /** buildTimeAssetPath: the asset as the build saw it. */
  path: string
  /** Class of the objects (Texture2D, Sprite, Mesh…). */
  type: string
  size: number
  objects: number
}

export interface SizeReport {
  format: SizeReportFormat
  kind: SizeBuildKind
  /** m_Name of the BuildReport, when it had one. */
  name: string | null
  buildGuid: string | null
  /** Unity's platform name (Android, StandaloneWindows64…) and the SLATE target it maps to. */
  platform: string
  target: BuildTarget | null
  result: BuildResult
  outputPath: string
  startedAt: string | null
  durationMs: number
  /** Unity's own total (m_Summary.totalSize); the sum of the files when Unity gave none. */
  totalSize: number
  errors: number
  warnings: number
  /** BuildOptions.Development was set (Unity reports), when known. */
  development?: boolean
  steps: BuildStep[]
  files: SizeFile[]
  packed: SizePacked[]
  /** Things a reader should know (skipped documents, unknown fields that were tolerated). */
  notes: string[]
}

export interface SizeAsset {
  /** Diff key: the GUID, or the path for objects without a GUID. */
  key: string
  path: string
  guid: string
  /** The asset's type in the project index when resolved, else the class of its largest objects. */
  type: string
  size: number
  objects: number
  /** Output files it was packed into, biggest share first. */
  files: { file: string; size: number }[]
  /** True when the GUID resolved to an asset of the open project. */
  resolved: boolean
}

export interface SizeGroup {
  key: string
  size: number
  count: number
}

/** Where a build's bytes went, biggest first everywhere. */
export interface SizeBreakdown {
  totalSize: number
  packedSize: number
  files: SizeFile[]
  assets: SizeAsset[]
  /** By object class. */
  types: SizeGroup[]
  /** Every folder (ancestors included) with the packed size below it: drill down by prefix. */
  folders: SizeGroup[]
  /** The same source asset packed into more than one output file. */
  duplicates: { key: string; path: string; guid: string; files: { file: string; size: number }[]; size: number; extra: number }[]
  /**
   * In the build but reached neither from an enabled build scene nor from a Resources folder
   * (through the reference graph): only computed with a project; null without one.
   */
  unexplained: { path: string; guid: string; size: number }[] | null
}

export interface SizeDelta {
  before: number
  after: number
  delta: number
}

export interface SizeDiff {
  total: SizeDelta
  files: ({ path: string; role: string } & SizeDelta)[]
  assets: ({ path: string; guid: string; type: string } & SizeDelta)[]
  types: ({ type: string } & SizeDelta)[]
  folders: ({ path: string } & SizeDelta)[]
}

/** A size budget (ProjectSettings/SlateBuildBudgets.json). Matches by profile id and/or target. */
export interface SizeBudget {
  /** Profile id; omitted = any profile. */
  profile?: string
  /** Target; omitted = any target. */
  target?: BuildTarget
  /** Total size limit in bytes. */
  maxBytes?: number
  /** Growth limit against the previous successful build of the same target. */
  maxGrowthBytes?: number
  maxGrowthPercent?: number
  /** warn (default) or fail. */
  level?: 'warn' | 'fail'
}

export type BudgetState = 'ok' | 'warn' | 'fail' | 'none'

export interface BudgetCheck {
  rule: 'maxBytes' | 'maxGrowthBytes' | 'maxGrowthPercent'
  level: 'warn' | 'fail'
  limit: number
  actual: number
  exceeded: boolean
  message: string
}

export interface BudgetVerdict {
  state: BudgetState
  checks: BudgetCheck[]
  /** The assets that grew most (or are biggest, for a total limit): what pushed it over. */
  culprits: { path: string; guid: string; delta: number }[]
}

/** One imported report or one build's size data, as the history has it. */
export interface SizeJobRef {
  jobId: string
  target: BuildTarget
  kind: SizeBuildKind
  totalSize: number | null
  createdAt: string
}

export interface SizeTrendPoint {
  jobId: string
  at: string
  status: string
  totalSize: number | null
  durationMs: number | null
}

export interface SizeTrends {
  source: string
  targets: { target: BuildTarget; total: number; succeeded: number; successRate: number; points: SizeTrendPoint[] }[]
  /** Per-asset size over the last builds, when asked for one asset. */
  asset: { key: string; points: { jobId: string; at: string; size: number }[] } | null
}
