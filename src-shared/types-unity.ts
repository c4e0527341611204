/**
 * Result types of the Unity project model that cross the API (IPC / WebSocket) and the CLI's JSON.
 * Plain data only. Paths are project-relative with forward slashes; GUIDs are 32 lowercase hex;
 * Unity file IDs are strings because they are 64-bit and may be negative.
 */

export type AssetStorage = 'yaml' | 'json' | 'text' | 'binary' | 'lfs' | 'empty' | 'folder'

export interface UnityAsset {
  path: string
  guid: string | null
  /** Material, Prefab, Scene, Texture, Script, Model, Folder, ScriptableObject, … */
  type: string
  /** Set for assets of a package outside the project (registry, local, built-in): never edited. */
  package?: string
  size: number
  importer: string | null
  storage: AssetStorage
  /** Class name of the first serialized object (text-serialized assets only). */
  mainClass: string | null
}

export interface SceneInBuild {
  path: string
  enabled: boolean
  guid: string | null
}

export type PackageSource = 'registry' | 'git' | 'local' | 'embedded' | 'builtin' | 'tarball' | 'unknown'

/** Where a package was found on this machine (null: not on this machine). */
export type PackageLocationKind = 'embedded' | 'local' | 'package-cache' | 'slate-cache' | 'editor'

export interface UnityPackage {
  name: string
  version: string
  source: PackageSource
  /** True when the manifest lists it directly (false: a dependency from packages-lock.json or a package's package.json). */
  direct?: boolean
  /** Folder of an embedded package, project-relative. */
  path?: string
  /** Where its files were read from; null when the package is not on this machine. */
  location?: PackageLocationKind | null
  /** Where its assets are in the index (`Packages/<name>`), when read. */
  root?: string
  /** An engine module (com.unity.modules.*): the Editor's own code, nothing to read or reference. */
  engineModule?: boolean
}

/**
 * Whether a referenced GUID resolves: to an asset of the project or of a package read (`resolved`),
 * to Unity's built-in resources (`builtin`), possibly into a package that is not on this machine
 * (`unverifiable`: cannot be checked until it is), or to nothing at all (`missing`: every package
 * the project needs was read and none declares it).
 */
export type RefState = 'resolved' | 'builtin' | 'unverifiable' | 'missing'

export interface ScopedRegistry {
  name: string
  url: string
  scopes: string[]
}

export type DiagnosticKind =
  | 'orphan-meta'
  | 'missing-meta'
  | 'duplicate-guid'
  | 'meta-conflict'
  | 'case-mismatch'
  | 'lfs-pointer'
  | 'binary-serialized'
  | 'unparseable'
  | 'build-scene-guid-mismatch'
  | 'build-scene-missing'
  /** The walk did not follow a symbolic link out of the project / in a loop, or skipped a non-UTF-8 name. */
  | 'link-outside'
  | 'link-loop'
  | 'unreadable-name'

export interface UnityDiagnostic {
  kind: DiagnosticKind
  path: string
  message: string
}

export interface ProjectSettingsInfo {
  productName: string | null
  companyName: string | null
  bundleVersion: string | null
  /** Per platform (`Android`, `Standalone`, `iPhone`, …); Unity 5 has a single `bundleIdentifier`. */
  applicationIdentifier: Record<string, string>
  /** Per platform: `mono`, `il2cpp` or the raw value. */
  scriptingBackend: Record<string, string>
  /** Per platform (key as written: a name or Unity's numeric build target group): the symbols. */
  scriptingDefineSymbols: Record<string, string[]>
}

export interface IndexSummary {
  root: string
  unityVersion: string | null
  unityRevision: string | null
  productName: string | null
  settings: ProjectSettingsInfo | null
  assets: { total: number; byType: Record<string, number> }
  guids: { declared: number }
  references: { occurrences: number; distinctGuids: number }
  /**
   * GUIDs referenced from Assets/ that no .meta of the project or of any package read declares:
   * `distinct` all of them, `builtin` Unity's built-in resources among them, `unverifiable` the
   * others while packages are not on this machine (they may live there), `missing` the others once
   * every package was read.
   */
  unresolved: { distinct: number; builtin: number; unverifiable: number; missing: number }
  /** Packages read and not read: `notOnDisk` names each package needed but not on this machine (engine modules aside). */
  packageFiles: { read: number; assets: number; guids: number; notOnDisk: { name: string; version: string; source: PackageSource }[] }
  /** The one definition of a problem (dashboard headline, chips, `is:problem`): assets with at least one, and per kind. */
  problems: { assets: number; byKind: Record<string, number> }
  scenesInBuild: SceneInBuild[]
  packages: UnityPackage[]
  scopedRegistries: ScopedRegistry[]
  testables: string[]
  diagnostics: UnityDiagnostic[]
  /** Whether the index came from the persisted cache (and how many files had to be re-read). */
  cache: { used: boolean; reread: number }
  timings: { totalMs: number }
}

export interface AssetRef {
  guid: string
  /** Resolved asset path, or null when unresolved or built-in. */
  path: string | null
  type: string | null
  /** `Built-in extra resources`, … for Unity's built-in GUIDs. */
  builtin: string | null
  /** Occurrences of this GUID in the referring file (direct edges only). */
  count: number
  /** 1 for direct edges; >1 when reached transitively. */
  depth: number
  /** Dependencies: whether the GUID resolves (see RefState). */
  state?: RefState
  /** The package the referenced asset belongs to, when it is a package's. */
  package?: string
}

export interface AssetRefs {
  asset: { path: string; guid: string | null; type: string }
  dependencies: AssetRef[]
  usedBy: AssetRef[]
}

export interface AssetSearchResult {
  total: number
  items: UnityAsset[]
}

export interface AssetDetail extends UnityAsset {
  importerSettings: unknown
  folder: boolean
  dependencyCount: number
  usedByCount: number
  diagnostics: UnityDiagnostic[]
}

export interface SceneComponent {
  fileId: string
  classId: string
  className: string | null
  /** For MonoBehaviours: the script's GUID. */
  scriptGuid: string | null
  stripped: boolean
}

export interface SceneGameObject {
  fileId: string
  name: string
  active: boolean
  /** The Transform's parent GameObject fileId, or null at the root. */
  parent: string | null
  components: SceneComponent[]
}

export interface SceneDetail {
  path: string
  documents: number
  gameObjects: SceneGameObject[]
  /** Prefab instances (`PrefabInstance`, or `Prefab` in Unity 5) with their source prefab's GUID. */
  prefabInstances: { fileId: string; sourceGuid: string | null; sourcePath: string | null }[]
  problems: string[]
}

export interface IndexChange {
  /** Project-relative paths whose index entries changed (at most 1000; see `truncated`). */
  changed: string[]
  removed: string[]
  /** More paths changed than listed (a folder of thousands moved): refresh everything. */
  truncated?: boolean
  totalAssets: number
  ms: number
}

export interface MetaWriteResult {
  /** The .meta file written, project-relative. */
  path: string
  guid: string
  importer: string
  /** Dotted keys whose lines changed (setImportSettings) or were created. */
  changed: string[]
}

/** One package of a `packages fetch`: fetched into SLATE's cache, already there, failed or not fetchable. */
export interface PackageFetchItem {
  name: string
  version: string
  /** The registry asked (null when the package is not a registry package). */
  registry: string | null
  status: 'fetched' | 'cached' | 'failed' | 'skipped'
  /** What happened, in words (why it failed, what was verified). */
  message: string
  files?: number
  /** The download matched the registry's integrity / shasum. */
  verified?: boolean
}

export interface PackageFetchReport {
  /** SLATE's package cache (under its data folder; never the project). */
  cacheDir: string
  items: PackageFetchItem[]
  fetched: number
  cached: number
  failed: number
  skipped: number
}
