import fs from 'node:fs'
import path from 'node:path'
import type { IndexSummary, ProjectSettingsInfo, SceneInBuild, UnityDiagnostic, UnityPackage } from '../../src-shared/types-unity'
import { BUILTIN_GUIDS } from './asset-types'
import { collectDiagnostics } from './index/diagnostics'
import { readFileFacts, readMetaFacts, type FileFacts, type MetaFacts } from './index/file-facts'
import { loadIndexCache, saveIndexCache } from './index/index-cache'
import { ProjectIndex } from './index/project-index'
import { findEmbeddedPackageDirs, walkTree, type WalkEntry } from './index/project-walk'
import { listPackages, parseLock, parseManifest, parsePackageJson, type EmbeddedPackage, type Manifest } from './settings/packages'
import { parseEditorBuildSettings, parseProjectSettings, parseProjectVersion } from './settings/project-files'

export interface OpenOptions {
  /** Folder for the persisted index; null disables the cache. */
  cacheDir?: string | null
}

export interface IndexStats {
  filesRead: number
  bytesRead: number
  cacheUsed: boolean
  reread: number
  ms: number
}

/**
 * A Unity project as SLATE understands it: the settings and package files, and the asset index with
 * its reference graph over Assets/ and the embedded packages. Open it with `UnityProject.open`;
 * keep it current with `applyChanges` (the watcher does that).
 */
export class UnityProject {
  readonly index = new ProjectIndex()
  unityVersion: string | null = null
  unityRevision: string | null = null
  settings: ProjectSettingsInfo | null = null
  scenesInBuild: SceneInBuild[] = []
  manifest: Manifest | null = null
  embedded: EmbeddedPackage[] = []
  packages: UnityPackage[] = []
  /** `Assets` and each embedded package folder. */
  indexedRoots: string[] = []
  settingsDiagnostics: UnityDiagnostic[] = []
  stats: IndexStats = { filesRead: 0, bytesRead: 0, cacheUsed: false, reread: 0, ms: 0 }

  private constructor(
    readonly root: string,
    readonly cacheDir: string | null,
  ) {}

  /** Open and index synchronously: the CLI and tests, where nothing else waits on the thread. */
  static open(root: string, opts: OpenOptions = {}): UnityProject {
    const t0 = performance.now()
    const project = new UnityProject(path.resolve(root), opts.cacheDir ?? null)
    project.loadProjectFiles()
    for (const _ of project.buildIndex()) void _
    project.stats.ms = performance.now() - t0
    return project
  }

  /**
   * The same, giving the event loop a turn every few milliseconds: the app's API keeps answering
   * (and the UI keeps its status bar live) while a 100k-asset project is read.
   */
  static async openAsync(root: string, opts: OpenOptions = {}): Promise<UnityProject> {
    const t0 = performance.now()
    const project = new UnityProject(path.resolve(root), opts.cacheDir ?? null)
    project.loadProjectFiles()
    let slice = performance.now()
    for (const _ of project.buildIndex()) {
      void _
      if (performance.now() - slice > 15) {
        await new Promise((resolve) => setImmediate(resolve))
        slice = performance.now()
      }
    }
    project.stats.ms = performance.now() - t0
    return project
  }

  /** Absolute path of an index path. Plain concatenation: index paths are already normalized
   * (forward slashes, no `..`), and path.join showed up in profiles at 200k calls. */
  abs(rel: string): string {
    return `${this.root}/${rel}`
  }

  private readText(rel: string): string | null {
    try {
      return fs.readFileSync(this.abs(rel), 'utf8')
    } catch {
      return null
    }
  }

  /** (Re)read ProjectSettings and Packages: a handful of small files. */
  loadProjectFiles(): void {
    const diags: UnityDiagnostic[] = []
    const problem = (rel: string, problems: string[]) => {
      if (problems.length > 0) diags.push({ kind: 'unparseable', path: rel, message: `Could not fully read ${rel}: ${problems.slice(0, 3).join('; ')}` })
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
    if (lock) problem('Packages/packages-lock.json', lock.problems)
    this.embedded = []
    for (const dir of findEmbeddedPackageDirs(this.root)) {
      const p = parsePackageJson(this.readText(`${dir}/package.json`) ?? '', dir)
      problem(`${dir}/package.json`, p.problems)
      if (p.value) this.embedded.push(p.value)
    }
    this.packages = listPackages(this.manifest, lock?.value ?? null, this.embedded)
    this.indexedRoots = ['Assets', ...this.embedded.map((e) => e.path)]
    this.settingsDiagnostics = diags
  }

  /** Walk the indexed roots; reuse cached facts for unchanged files, read the others. */
  /** Yields every 256 files so that openAsync can interleave; open() just runs it through. */
  private *buildIndex(): Generator<void> {
    const cache = this.cacheDir ? loadIndexCache(this.cacheDir, this.root) : null
    const cachedFiles = new Map<string, FileFacts>((cache?.files ?? []).map((f) => [f.path, f]))
    const cachedMetas = new Map<string, MetaFacts>((cache?.metas ?? []).map((m) => [m.path, m]))
    const walk = { files: [] as WalkEntry[], dirs: [] as WalkEntry[] }
    // Without a cache there is nothing to compare against: skip the stat, the reader fstat()s.
    for (const r of this.indexedRoots) walkTree(this.root, r, walk, { stat: cache !== null })
    let reread = 0
    for (const d of walk.dirs) this.index.setDir(d.rel, d)
    let n = 0
    for (const e of walk.files) {
      if ((++n & 255) === 0) yield
      const isMeta = e.rel.endsWith('.meta')
      const cached = isMeta ? cachedMetas.get(e.rel) : cachedFiles.get(e.rel)
      if (cached && cached.size === e.size && cached.mtimeMs === e.mtimeMs) {
        if (isMeta) this.index.setMeta(cached as MetaFacts)
        else this.index.setFile(cached as FileFacts)
        continue
      }
      reread++
      this.readInto(e.rel, cache ? e : undefined)
    }
    this.stats.cacheUsed = cache !== null
    this.stats.reread = reread
    if (this.cacheDir && (cache === null || reread > 0 || cachedFiles.size + cachedMetas.size !== walk.files.length)) this.saveCache()
  }

  private readInto(rel: string, st: { size: number; mtimeMs: number } | undefined): void {
    if (rel.endsWith('.meta')) {
      const m = readMetaFacts(this.abs(rel), rel, st)
      this.index.setMeta(m)
      this.stats.bytesRead += m.size
    } else {
      const f = readFileFacts(this.abs(rel), rel, st)
      this.stats.bytesRead += f.bytesRead
      const { bytesRead: _unused, ...facts } = f
      void _unused
      this.index.setFile(facts)
    }
    this.stats.filesRead++
  }

  saveCache(): void {
    if (!this.cacheDir) return
    try {
      saveIndexCache(this.cacheDir, this.root, this.index.files.values(), this.index.metas.values())
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
    const list = [...this.settingsDiagnostics, ...collectDiagnostics(this.index, { scenesInBuild: this.scenesInBuild, indexedRoots: this.indexedRoots })]
    this.diagnosticsCache = { version: this.index.version, settings: this.settingsDiagnostics, list }
    return list
  }

  summary(): IndexSummary {
    const byType: Record<string, number> = {}
    let total = 0
    for (const p of this.index.allAssetPaths()) {
      const type = this.index.typeOf(p)
      if (type === null) continue
      total++
      byType[type] = (byType[type] ?? 0) + 1
    }
    // The figures the issue defines count references in Assets/ only (not embedded packages).
    let occurrences = 0
    const referenced = new Set<string>()
    for (const f of this.index.files.values()) {
      if (!f.path.startsWith('Assets/')) continue
      occurrences += f.occurrences
      for (const g of f.refs) referenced.add(g)
    }
    let unresolved = 0
    let builtin = 0
    for (const g of referenced) {
      if (this.index.isDeclared(g)) continue
      unresolved++
      if (BUILTIN_GUIDS[g]) builtin++
    }
    let declared = 0
    for (const _g of this.index.declaredGuids()) declared++
    return {
      root: this.root,
      unityVersion: this.unityVersion,
      unityRevision: this.unityRevision,
      productName: this.settings?.productName ?? null,
      settings: this.settings,
      assets: { total, byType: Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1])) },
      guids: { declared },
      references: { occurrences, distinctGuids: referenced.size },
      unresolved: { distinct: unresolved, builtin },
      scenesInBuild: this.scenesInBuild,
      packages: this.packages,
      scopedRegistries: this.manifest?.scopedRegistries ?? [],
      testables: this.manifest?.testables ?? [],
      diagnostics: this.diagnostics(),
      cache: { used: this.stats.cacheUsed, reread: this.stats.reread },
      timings: { totalMs: Math.round(this.stats.ms * 10) / 10 },
    }
  }
}
