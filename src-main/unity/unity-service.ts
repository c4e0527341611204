import path from 'node:path'
import type { IndexChange } from '../../src-shared/types-unity'
import { capChange, ProjectWatcher } from './live/project-watcher'
import { revalidate } from './live/revalidate'
import { UnityProject, type OpenOptions } from './unity-project'
import { packageCacheDirOf } from './packages/package-locations'

export interface UnityServiceHost {
  readonly dataDir: string
  readonly currentProject: { root: string; unityVersion?: string | null } | null
  /** The BuiltInPackages folder of the Editor this project would use, when one is installed. */
  editorPackagesDir?(unityVersion: string | null): string | null
  readonly events: { emit(name: 'index.changed', payload: IndexChange): void }
}

/**
 * The core's Unity subsystem: the model of the currently open project, opened lazily on the first
 * query (from the persisted cache when possible) and, once `startWatching` ran, kept current by
 * the file watcher. Opening another project drops the old model and watcher.
 */
export class UnityService {
  private project: UnityProject | null = null
  private watcher: ProjectWatcher | null = null
  private watching = false
  private opening: { root: string; promise: Promise<UnityProject> } | null = null
  /** The background check of a cached open; tests and shutdown can wait for it. */
  revalidating: Promise<void> | null = null

  constructor(private readonly host: UnityServiceHost) {}

  get cacheDir(): string {
    return path.join(this.host.dataDir, 'cache')
  }

  /** Registry packages SLATE fetched (packages/fetch-packages.ts): read like Library/PackageCache. */
  get packageCacheDir(): string {
    return packageCacheDirOf(this.host.dataDir)
  }

  private openOptions(): OpenOptions {
    let editorPackagesDir: string | null = null
    try {
      editorPackagesDir = this.host.editorPackagesDir?.(this.host.currentProject?.unityVersion ?? null) ?? null
    } catch {
      editorPackagesDir = null // no Editor: its built-in packages are simply not read
    }
    return { cacheDir: this.cacheDir, packageCacheDir: this.packageCacheDir, editorPackagesDir }
  }

  /** Re-read the open project from scratch (after packages were fetched): the next get() indexes again. */
  async reload(): Promise<UnityProject | null> {
    if (!this.project) return null
    await this.close()
    const project = await this.get()
    // Opened from the cache: the new packages' files are read by the background check.
    await this.revalidating
    return project
  }

  /** The model of the open project. Concurrent first calls share one open. */
  async get(): Promise<UnityProject> {
    const root = this.host.currentProject?.root
    if (!root) throw new Error('no project open')
    const abs = path.resolve(root)
    if (this.project && this.project.root === abs) return this.project
    if (this.opening && this.opening.root === abs) return this.opening.promise
    const promise = (async () => {
      await this.close()
      // From the cache when there is one (answers at once), then checked against the disk in the
      // background; otherwise a full index.
      const opts = this.openOptions()
      const cached = UnityProject.openCached(abs, opts)
      const project = cached ?? (await UnityProject.openAsync(abs, opts))
      if (this.watching) await this.watch(project)
      this.project = project
      // An empty change tells the UI the index of a newly opened project is ready to query.
      this.host.events.emit('index.changed', { changed: [], removed: [], totalAssets: project.index.files.size + project.index.dirs.size, ms: project.stats.ms })
      if (cached) {
        this.revalidating = revalidate(cached)
          .then((change) => {
            if (this.project === cached && (change.changed.length > 0 || change.removed.length > 0)) this.host.events.emit('index.changed', capChange(change))
          })
          .catch((err: Error) => console.error(`slate: re-checking the cached index failed: ${err.message}`))
      }
      return project
    })()
    this.opening = { root: abs, promise }
    try {
      return await promise
    } finally {
      if (this.opening?.promise === promise) this.opening = null
    }
  }

  /** Keep the open project's index current from now on (UI-facing cores only). */
  async startWatching(): Promise<void> {
    this.watching = true
    // Index in the background: the server and window come up at once, queries wait for the open,
    // and `index.changed` announces when it is ready.
    if (this.host.currentProject) void this.get().catch((err: Error) => console.error(`slate: indexing the project failed: ${err.message}`))
  }

  /** Called when the open project changes: open the new one in the background. */
  async projectChanged(): Promise<void> {
    await this.close()
    if (this.watching && this.host.currentProject) await this.get()
  }

  private async watch(project: UnityProject): Promise<void> {
    const w = new ProjectWatcher(project, {
      onChange: (change) => this.host.events.emit('index.changed', change),
      onError: (err) => console.error(`slate: file watcher for ${project.root}: ${err.message}`),
    })
    await w.start()
    this.watcher = w
  }

  async close(): Promise<void> {
    const w = this.watcher
    this.watcher = null
    this.project = null
    await w?.stop()
  }
}
