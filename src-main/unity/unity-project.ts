import path from 'node:path'
import type { IndexSummary, ProjectSettingsInfo, RefState, SceneInBuild, UnityDiagnostic, UnityPackage } from '../../src-shared/types-unity'
import { computeProblems, computeSummary, refState, type ProblemSet } from './project-figures'
import { collectDiagnostics } from './index/diagnostics'
import { newScannedFile, readFileFacts, readMetaFacts, type FileFacts, type MetaFacts } from './index/file-facts'
import { loadIndexCache, saveIndexCache } from './index/index-cache'
import { ProjectIndex } from './index/project-index'
import { readConfinedSync } from '../core/confined-fs'
import { defaultThreads, FactsPool } from './index/parallel-facts'
import { findEmbeddedPackageDirs, walkPackageTree, walkTree, WALK_PROBLEM_KINDS, type WalkEntry, type WalkResult } from './index/project-walk'
import { resolvePackageLocations, type PackageLocation, type PackageLookup } from './packages/package-locations'
import { listPackages, parseLock, parseManifest, parsePackageJson, type EmbeddedPackage, type LockEntry, type Manifest } from './settings/packages'
import { lfsPointerMessage, settingsLfsPointers } from './settings/lfs-pointer'
import { parseEditorBuildSettings, parseProjectSettings, parseProjectVersion } from './settings/project-files'

export interface OpenOptions {
  /** Folder for the persisted index; null disables the cache. */
  cacheDir?: string | null
  /** openAsync: worker threads for reading when at least `parallelFrom` files must be read. */
  threads?: number
  parallelFrom?: number
  /** SLATE's folder of fetched packages (`<data>/packages`); packages there are read too. */
  packageCacheDir?: string | null
  /** The Editor's BuiltInPackages folder when an Editor was found (editorBuiltInPackagesDir). */
  editorPackagesDir?: string | null
  /**
   * openAsync for a caller that only wants the index once (`slate index`): the calling thread
   * reads beside the workers (PoolOptions.helpHere), and without a cache no file is fstat'ed
   * (mtimes stay 0: nothing will compare them).
   */
  oneShot?: boolean
}

interface IndexPlan {
  toRead: WalkEntry[]
  cacheUsed: boolean
  /** The cache must be rewritten (no cache, or files came, went or changed). */
  dirty: boolean
}

export interface IndexStats {
  filesRead: number
  bytesRead: number
  cacheUsed: boolean
  reread: number
  /** Worker threads that read files (0: all read on the calling thread). */
  workers: number
  ms: number
}

/**
 * A Unity project as SLATE understands it: the settings and package files, and the asset index with
 * its reference graph over Assets/ and the embedded packages.
 *
 * Opening: `open` (synchronous, tests and small projects), `openAsync` (worker threads for big
 * first opens, yields to the event loop otherwise; `slate index`), `openCached` (the persisted
 * index as is, then live/revalidate.ts; the app). Kept current with live/apply-changes.ts, which
 * the watcher calls.
 */
export class UnityProject {
  readonly index = new ProjectIndex()
  unityVersion: string | null = null
  unityRevision: string | null = null
  settings: ProjectSettingsInfo | null = null
  scenesInBuild: SceneInBuild[] = []
  manifest: Manifest | null = null
  lock: Record<string, LockEntry> | null = null
  embedded: EmbeddedPackage[] = []
  packages: UnityPackage[] = []
  /** `Assets`, each embedded package folder, and each package read from outside the project. */
  indexedRoots: string[] = []
  /** Packages read from outside the project (PackageCache, local, SLATE's cache, the Editor): read-only roots. */
  external: PackageLocation[] = []
  settingsDiagnostics: UnityDiagnostic[] = []
  /** False while a one-shot index without a cache reads (readInto skips the fstat). */
  private timed = true
  /** Scratch for readInto: one per project, reused for every file. */
  private readonly scanned = newScannedFile()
  stats: IndexStats = { filesRead: 0, bytesRead: 0, cacheUsed: false, reread: 0, workers: 0, ms: 0 }

  private readonly lookup: PackageLookup

  private constructor(
    readonly root: string,
    readonly cacheDir: string | null,
    opts: OpenOptions = {},
  ) {
    this.lookup = { slateCacheDir: opts.packageCacheDir ?? null, editorPackagesDir: opts.editorPackagesDir ?? null }
  }

  /**
   * The index exactly as the persisted cache has it, without touching the tree: answers at once,
   * possibly stale. The app opens this way and then calls `revalidate()` (live/revalidate.ts) in the
   * background, which re-reads whatever changed while the project was closed. Null: no cache.
   */
  static openCached(root: string, opts: OpenOptions = {}): UnityProject | null {
    const t0 = performance.now()
    if (!opts.cacheDir) return null
    const project = new UnityProject(path.resolve(root), opts.cacheDir, opts)
    const cache = loadIndexCache(opts.cacheDir, project.root)
    if (!cache) return null
    project.loadProjectFiles()
    for (const d of cache.dirs) project.index.setDir(d, { size: 0, mtimeMs: 0 })
    for (const f of cache.files) project.index.setFile(f)
    for (const m of cache.metas) project.index.setMeta(m)
    project.stats.cacheUsed = true
    project.stats.ms = performance.now() - t0
    return project
  }

  /** Open and index synchronously: the CLI's small projects and tests. */
  static open(root: string, opts: OpenOptions = {}): UnityProject {
    const t0 = performance.now()
    const project = new UnityProject(path.resolve(root), opts.cacheDir ?? null, opts)
    project.loadProjectFiles()
    const plan = project.planIndex()
    for (const e of plan.toRead) project.readInto(e.rel, plan.cacheUsed ? e : undefined)
    project.finishIndex(plan)
    project.stats.ms = performance.now() - t0
    return project
  }

  /**
   * Open and index without holding the thread: files are read on worker threads when there are
   * many (a first open of a big project), otherwise here with a yield to the event loop every few
   * milliseconds, so the app's API keeps answering while a project is read.
   */
  static async openAsync(root: string, opts: OpenOptions = {}): Promise<UnityProject> {
    const t0 = performance.now()
    const project = new UnityProject(path.resolve(root), opts.cacheDir ?? null, opts)
    project.loadProjectFiles()
    // One-shot, the calling thread is a reader too: one worker already makes two readers.
    const threads = opts.threads ?? (opts.oneShot ? defaultThreads() - 1 : defaultThreads())
    const minThreads = opts.oneShot ? 1 : 2
    const parallelFrom = opts.parallelFrom ?? 20_000
    const idx = project.index
    const sink = {
      files: (list: FileFacts[]) => list.forEach((f) => idx.setFile(f)),
      metas: (list: MetaFacts[]) => list.forEach((m) => idx.setMeta(m)),
      bytes: (n: number) => (project.stats.bytesRead += n),
    }
    const oneShot = opts.oneShot === true
    // Untimed reads only when nothing keeps the facts: no cache to write, a process that exits.
    const timed = !(oneShot && !project.cacheDir)
    project.timed = timed
    const newPool = () => new FactsPool(threads, project.root, sink, undefined, { timed, helpHere: oneShot })
    const early: { pool: FactsPool | null; fed: number } = { pool: null, fed: 0 }
    const inProject = (e: WalkEntry) => project.externalOf(e.rel) === null
    try {
      // Without a cache every file walked will be read: once that is clearly many, start the
      // threads and feed them folder by folder, so they boot and read while the walk goes on.
      const plan = project.planIndex((walked) => {
        if (!early.pool && (threads < minThreads || walked.length < parallelFrom)) return
        early.pool ??= newPool()
        early.pool.add(walked.slice(early.fed).filter(inProject).map((e) => e.rel))
        early.fed = walked.length
      })
      if (early.pool || (threads >= minThreads && plan.toRead.length >= parallelFrom)) {
        const pool = (early.pool ??= newPool())
        // Fed during the walk only without a cache, when toRead is every file walked, in order.
        pool.add(plan.toRead.slice(early.fed).filter(inProject).map((e) => e.rel))
        // Package files outside the project are few: read here (the workers read below the root).
        for (const e of plan.toRead) if (!inProject(e)) project.readInto(e.rel, undefined)
        const { workersUsed } = await pool.done()
        project.stats.filesRead += plan.toRead.length
        project.stats.workers = workersUsed
      } else {
        let slice = performance.now()
        for (const e of plan.toRead) {
          project.readInto(e.rel, plan.cacheUsed ? e : undefined)
          if (performance.now() - slice > 15) {
            await new Promise((resolve) => setImmediate(resolve))
            slice = performance.now()
          }
        }
      }
      project.finishIndex(plan)
    } finally {
      early.pool?.close()
      project.timed = true
    }
    project.stats.ms = performance.now() - t0
    return project
  }

  /** Where a path of the index is on disk: below the project, or in a package folder outside it. */
  abs(rel: string): string {
    const ext = this.externalOf(rel)
    return ext ? `${ext.dir}${rel.slice(ext.virtualRoot.length)}` : `${this.root}/${rel}`
  }

  /** The package outside the project a path of the index belongs to, or null. */
  externalOf(rel: string): PackageLocation | null {
    for (const e of this.external) if (rel.startsWith(e.virtualRoot) && (rel.length === e.virtualRoot.length || rel[e.virtualRoot.length] === '/')) return e
    return null
  }

  /** Walk one indexed root, wherever it is on disk. */
  walkRoot(r: string, out: { files: WalkEntry[]; dirs: WalkEntry[] }, opts: { stat?: boolean; onFolder?: (files: number) => void } = {}): void {
    const ext = this.external.find((e) => e.virtualRoot === r)
    if (ext) walkPackageTree(ext.dir, r, out, { stat: opts.stat })
    else walkTree(this.root, r, out, opts)
  }

  private readText(rel: string): string | null {
    try {
      return readConfinedSync(this.root, rel).toString('utf8') // regular files inside the project only
    } catch {
      return null
    }
  }

  /** (Re)read ProjectSettings and Packages: a handful of small files. */
  loadProjectFiles(): void {
    const diags: UnityDiagnostic[] = []
    const lfs = new Set(settingsLfsPointers(this.root))
    for (const rel of lfs) diags.push({ kind: 'lfs-pointer', path: rel, message: `${lfsPointerMessage(rel)} (SLATE reads it as missing until then).` })
    const problem = (rel: string, problems: string[]) => {
      if (problems.length > 0 && !lfs.has(rel)) diags.push({ kind: 'unparseable', path: rel, message: `Could not fully read ${rel}: ${problems.slice(0, 3).join('; ')}` })
    }
    const versionText = this.readText('ProjectSettings/ProjectVersion.txt')
    if (versionText !== null) {
      const v = parseProjectVersion(versionText)
      this.unityVersion = v.value.version
      this.unityRevision = v.value.revision
      problem('ProjectSettings/ProjectVersion.txt', v.problems)
    }
    const settingsText = this.readText('ProjectSettings/ProjectSettings.asset')
    if (settingsText !== null) {
      const s = parseProjectSettings(settingsText)
      this.settings = s.value
      problem('ProjectSettings/ProjectSettings.asset', s.problems)
    }
    const buildText = this.readText('ProjectSettings/EditorBuildSettings.asset')
    if (buildText !== null) {
      const b = parseEditorBuildSettings(buildText)
      this.scenesInBuild = b.value
      problem('ProjectSettings/EditorBuildSettings.asset', b.problems)
    }
    const manifestText = this.readText('Packages/manifest.json')
    this.manifest = null
    if (manifestText !== null) {
      const m = parseManifest(manifestText)
      this.manifest = m.value
      problem('Packages/manifest.json', m.problems)
    }
    const lockText = this.readText('Packages/packages-lock.json')
    const lock = lockText !== null ? parseLock(lockText) : null
    this.lock = lock?.value ?? null
    if (lock) problem('Packages/packages-lock.json', lock.problems)
    this.embedded = []
    for (const dir of findEmbeddedPackageDirs(this.root)) {
      const p = parsePackageJson(this.readText(`${dir}/package.json`) ?? '', dir)
      problem(`${dir}/package.json`, p.problems)
      if (p.value) this.embedded.push(p.value)
    }
    const listed = listPackages(this.manifest, lock?.value ?? null, this.embedded)
    const resolved = resolvePackageLocations(this.root, listed, this.manifest?.dependencies ?? {}, this.lookup)
    this.packages = resolved.packages
    const embeddedRoots = new Set(this.embedded.map((e) => e.path))
    // An embedded package wins over any copy of the same name elsewhere, as in Unity.
    this.external = resolved.external.filter((e) => !embeddedRoots.has(e.virtualRoot) && !this.embedded.some((x) => x.name === e.name))
    this.indexedRoots = ['Assets', ...this.embedded.map((e) => e.path), ...this.external.map((e) => e.virtualRoot)]
    this.settingsDiagnostics = diags
  }

  /** Walk the indexed roots; reuse cached facts for unchanged files, read the others. */
  /** Walk the indexed roots and take every unchanged file from the cache; list the rest. */
  private planIndex(onUncachedFiles?: (walked: WalkEntry[]) => void): IndexPlan {
    const cache = this.cacheDir ? loadIndexCache(this.cacheDir, this.root) : null
    const cachedFiles = new Map<string, FileFacts>((cache?.files ?? []).map((f) => [f.path, f]))
    const cachedMetas = new Map<string, MetaFacts>((cache?.metas ?? []).map((m) => [m.path, m]))
    const walk = { files: [] as WalkEntry[], dirs: [] as WalkEntry[] }
    // Without a cache there is nothing to compare against: skip the stat, the reader fstat()s.
    const onFolder = cache === null && onUncachedFiles ? () => onUncachedFiles(walk.files) : undefined
    for (const r of this.indexedRoots) this.walkRoot(r, walk, { stat: cache !== null, onFolder })
    // Links out of the project, link loops and non-UTF-8 names the walk skipped: said, not hidden.
    const walkProblems: UnityDiagnostic[] = (walk as WalkResult).problems ?? []
    this.settingsDiagnostics = [...this.settingsDiagnostics.filter((d) => !WALK_PROBLEM_KINDS.has(d.kind)), ...walkProblems]
    for (const d of walk.dirs) this.index.setDir(d.rel, d)
    const toRead: WalkEntry[] = []
    for (const e of walk.files) {
      const isMeta = e.rel.endsWith('.meta')
      const cached = isMeta ? cachedMetas.get(e.rel) : cachedFiles.get(e.rel)
      if (cached && cached.size === e.size && cached.mtimeMs === e.mtimeMs) {
        if (isMeta) this.index.setMeta(cached as MetaFacts)
        else this.index.setFile(cached as FileFacts)
      } else {
        toRead.push(e)
      }
    }
    const dirty = cache === null || toRead.length > 0 || cachedFiles.size + cachedMetas.size !== walk.files.length
    return { toRead, cacheUsed: cache !== null, dirty }
  }

  private finishIndex(plan: IndexPlan): void {
    this.stats.cacheUsed = plan.cacheUsed
    this.stats.reread = plan.toRead.length
    if (this.cacheDir && plan.dirty) this.saveCache()
  }

  private readInto(rel: string, st: { size: number; mtimeMs: number } | undefined): void {
    const scanned = this.scanned
    if (rel.endsWith('.meta')) {
      const m = readMetaFacts(this.abs(rel), rel, st, this.timed)
      this.index.setMeta(m)
      this.stats.bytesRead += m.size
    } else {
      this.index.setFile(readFileFacts(this.abs(rel), rel, st, scanned, this.timed))
      this.stats.bytesRead += scanned.bytesRead
    }
    this.stats.filesRead++
  }

  saveCache(): void {
    if (!this.cacheDir) return
    try {
      saveIndexCache(this.cacheDir, this.root, this.index.files.values(), this.index.metas.values(), this.index.dirs.keys())
    } catch (err) {
      // A read-only data dir costs only speed on the next open.
      console.error(`slate: could not save the index cache: ${(err as Error).message}`)
    }
  }

  /** Which indexed root a project-relative path belongs to, or null. */
  rootOf(rel: string): string | null {
    for (const r of this.indexedRoots) if (rel === r || rel.startsWith(`${r}/`)) return r
    return null
  }

  private diagnosticsCache: { version: number; settings: UnityDiagnostic[]; list: UnityDiagnostic[] } | null = null

  /** Recomputed only when the index or the settings changed since the last call. */
  diagnostics(): UnityDiagnostic[] {
    const c = this.diagnosticsCache
    if (c && c.version === this.index.version && c.settings === this.settingsDiagnostics) return c.list
    const list = [...this.settingsDiagnostics, ...collectDiagnostics(this.index, { scenesInBuild: this.scenesInBuild, indexedRoots: this.indexedRoots, readOnlyRoots: this.external.map((e) => e.virtualRoot) })]
    this.diagnosticsCache = { version: this.index.version, settings: this.settingsDiagnostics, list }
    return list
  }

  private summaryCache: { version: number; settings: UnityDiagnostic[]; value: IndexSummary } | null = null

  /** The index's figures; recomputed only after a change (the UI asks after every index.changed). */
  summary(): IndexSummary {
    const c = this.summaryCache
    if (c && c.version === this.index.version && c.settings === this.settingsDiagnostics) return c.value
    const value = this.computeSummary()
    this.summaryCache = { version: this.index.version, settings: this.settingsDiagnostics, value }
    return value
  }

  private computeSummary(): IndexSummary {
    return computeSummary(this)
  }

  private problemsCache: { version: number; settings: UnityDiagnostic[]; value: ProblemSet } | null = null

  /** Problems per asset: the one definition (project-figures.ts), recomputed only after a change. */
  problems(): ProblemSet {
    const c = this.problemsCache
    if (c && c.version === this.index.version && c.settings === this.settingsDiagnostics) return c.value
    const value = computeProblems(this)
    this.problemsCache = { version: this.index.version, settings: this.settingsDiagnostics, value }
    return value
  }

  /** Whether a referenced GUID resolves, is built in, cannot be checked here, or is missing. */
  refState(guid: string): RefState {
    return refState(this, guid)
  }
}
