import fs from 'node:fs'
import { ApiError } from '../../src-shared/contract-kit'
import type { AppInfo, ConnectionMode, HealthReport, ProjectSummary } from '../../src-shared/types'
import { readProjectSummary, isUnityProject } from '../unity/project-summary'
import { CoreEvents } from '../core/events'
import { resolveInProject } from '../core/project-paths'
import { SettingsStore } from '../core/settings-store'
import { defaultDataDir } from '../core/data-dir'
import type { DataServices } from '../store/data-services'
import { UnityService } from '../unity/unity-service'
import { editorBuiltInPackagesDir } from '../unity/packages/package-locations'
import { discoverUnity, realDiscoveryEnv } from '../builds/unity-discovery'
import { CodeService } from '../code/code-service'
import { defineService, ServiceRegistry, type ServiceDef } from '../core/service-registry'
import { LanguageServerClient } from '../code/lsp-client'
import { dataLayerService } from './data-layer'

export type Runtime = AppInfo['runtime']

/** Something that can report on a backing service; the data layer registers these. */
export interface HealthSource {
  health(): Promise<Omit<HealthReport, 'checkedAt'>>
}

/** What only a desktop host can do (native dialogs). Absent in `slate serve` and the CLI. */
export interface HostCapabilities {
  pickFolder(): Promise<string | null>
}

export interface SlateCoreOptions {
  runtime: Runtime
  dataDir?: string
  /**
   * `slate serve` binds the core to one project: project.open is then refused, except into the
   * folders of `openable` (`slate serve --allow-open`: chosen on the command line, never by the page).
   */
  lockedProject?: boolean
  openable?: string[]
}

/**
 * The core: plain Node, no Electron. One instance per process; the Electron glue, `slate serve`
 * and the CLI each create one and hand it to a transport. Every subsystem (data layer, unity
 * model, code index, language server, builds, console, live link…) is a service of its registry
 * (core/service-registry.ts): created on first use so that start-up stays fast, told about project
 * switches, and stopped in reverse order of creation when the core is disposed.
 */
export class SlateCore {
  readonly events = new CoreEvents()
  readonly settings: SettingsStore
  readonly dataDir: string
  readonly runtime: Runtime
  private project: ProjectSummary | null = null
  private healthSource: HealthSource | null = null
  private host: HostCapabilities | null = null
  private readonly disposers: (() => Promise<void> | void)[] = []
  /** Every subsystem's state and lifetime (core/service-registry.ts). */
  private readonly services = new ServiceRegistry<SlateCore>(this)

  constructor(private readonly options: SlateCoreOptions) {
    this.runtime = options.runtime
    this.dataDir = options.dataDir ?? defaultDataDir()
    this.settings = new SettingsStore(this.dataDir)
    this.events.setProjectSource(() => this.project?.root ?? null)
    // created first, so stopped last: every other subsystem may still write while it stops
    this.services.get(dataLayerService)
  }

  /** The data layer (store, cache, bus, build queue) once startDataServices opened it, else null. */
  get data(): DataServices | null {
    return this.services.get(dataLayerService).current
  }

  async init(): Promise<void> {
    await this.settings.load()
  }

  get mode(): ConnectionMode {
    // the running data layer knows best (team URLs can also come from the user's settings)
    if (this.data) return this.data.mode
    return process.env.SLATE_DATABASE_URL || process.env.SLATE_REDIS_URL || process.env.SLATE_NATS_URL ? 'team' : 'embedded'
  }

  /** The C# symbol index of the open project (src-main/code), created on first use. */
  get code(): CodeService {
    return this.service(codeService)
  }

  /** The user's C# language server, when one is found (started on first use). */
  get languageServer(): LanguageServerClient {
    return this.service(languageServerService)
  }

  /** The Unity project model (asset index, reference graph), created on first use. */
  get unity(): UnityService {
    return this.service(unityService)
  }

  /** The Editor's built-in packages for the project's Unity version, when that Editor is installed. */
  editorPackagesDir(unityVersion: string | null): string | null {
    const found = discoverUnity(unityVersion, realDiscoveryEnv({ settingPath: this.settings.settings.unityPath })).match
    return found ? editorBuiltInPackagesDir(found.path) : null
  }

  get currentProject(): ProjectSummary | null {
    return this.project
  }

  get projectLocked(): boolean {
    return this.options.lockedProject === true
  }

  /** The folders a locked core may still switch to (resolved when the server started). */
  get openableProjects(): readonly string[] {
    return this.options.openable ?? []
  }

  requireProject(): ProjectSummary {
    if (!this.project) throw new ApiError('no_project', 'No project is open. Open a Unity project folder first.')
    return this.project
  }

  /** Absolute path of a project-relative path, refused if it leaves the project. */
  resolve(relative: string): string {
    return resolveInProject(this.requireProject().root, relative)
  }

  async openProject(root: string): Promise<ProjectSummary> {
    if (!(await isUnityProject(root))) {
      const exists = await fs.promises.stat(root).then((s) => s.isDirectory(), () => null)
      throw new ApiError(
        'not_found',
        exists === null ? `There is no folder at ${root}: it was moved or deleted, or the path is mistyped.` : exists ? `${root} is not a Unity project: it has no ProjectSettings folder.` : `${root} is a file; choose the folder of a Unity project.`,
      )
    }
    const summary = await readProjectSummary(root)
    this.project = summary
    this.services.projectChanged()
    await this.settings.addRecent(summary.root, summary.productName ?? summary.folderName)
    this.events.emit('project.changed', summary)
    return summary
  }

  setHostCapabilities(host: HostCapabilities): void {
    this.host = host
  }

  /** Desktop only: ask for a folder with the native dialog, then open it. Null when cancelled. */
  async openProjectWithDialog(): Promise<ProjectSummary | null> {
    if (!this.host) throw new ApiError('unavailable', 'Opening a folder needs the desktop app; `slate serve` is bound to one project')
    if (this.projectLocked) throw new ApiError('unavailable', 'This server is bound to one project')
    const root = await this.host.pickFolder()
    return root ? this.openProject(root) : null
  }

  setHealthSource(source: HealthSource): void {
    this.healthSource = source
  }

  async health(): Promise<HealthReport> {
    const checkedAt = new Date().toISOString()
    if (this.healthSource) return { ...(await this.healthSource.health()), checkedAt }
    const off = { state: 'disabled' as const, detail: 'not started in this process' }
    return { mode: this.mode, database: off, cache: off, bus: off, docker: off, pendingSync: 0, checkedAt }
  }

  /** Run fn when the core stops, before its services stop. A subsystem with state is a ServiceDef instead. */
  onDispose(fn: () => Promise<void> | void): void {
    this.disposers.push(fn)
  }

  /** A subsystem's one instance on this core, created on first use (see ServiceDef). */
  service<T>(def: ServiceDef<T, SlateCore>): T {
    return this.services.get(def)
  }

  async dispose(): Promise<void> {
    for (const fn of this.disposers.splice(0).reverse()) {
      try {
        await fn()
      } catch (err) {
        console.error('slate: error while shutting down:', err)
      }
    }
    await this.services.stopAll()
  }
}

/**
 * The open project's Unity model. A project switch drops the previous model and watcher, and (in a
 * UI core that watches) opens the new one in the background.
 */
const unityService = defineService<UnityService, SlateCore>({
  name: 'unity',
  create: (core) => new UnityService(core),
  projectChanged: (service) => void service.projectChanged().catch((err: Error) => console.error(`slate: indexing the project failed: ${err.message}`)),
  stop: (service) => service.close(),
})

const codeService = defineService<CodeService, SlateCore>({
  name: 'code',
  create: (core) => new CodeService({ dataDir: core.dataDir, unityProject: () => core.unity.get() }),
  stop: (service) => service.close(),
})

const languageServerService = defineService<LanguageServerClient, SlateCore>({
  name: 'language server',
  create: (core) => {
    const client = new LanguageServerClient()
    client.onFileDiagnostics((e) => core.events.emit('code.diagnostics', e))
    return client
  },
  // a server runs for one project root; the next project's first sync starts it again
  projectChanged: (client) => void client.stop(),
  stop: (client) => client.stop(),
})
