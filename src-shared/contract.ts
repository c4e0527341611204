import { z } from 'zod'
import { call, event, projectPath, type AnyEventSpec, type CallSpec } from './contract-kit'
import type * as T from './types'
import type * as UI from './types-ui'
import type * as U from './types-unity'
import type * as D from './types-data'
import type * as B from './types-builds'
import { linkCalls, linkEvents } from './contract-link'
import { codeCalls, codeEvents } from './contract-code'
import { teamCalls } from './contract-team'
import { buildReadinessCalls } from './contract-build-readiness'
import { settingsCheckCalls } from './contract-settings-check'
import { buildsizeCalls } from './contract-buildsize'
import { packagesCalls } from './contract-packages'
import { assetprocCalls, assetprocEvents } from './contract-assetproc'
import { runtimeCalls, runtimeEvents } from './contract-runtime'
import { analyticsCalls } from './contract-analytics'
import { servicesCalls } from './contract-services'
import { buildProfileSchema, buildTargetSchema, buildTypeSchema } from './types-builds'

/**
 * THE API CONTRACT. Every call the renderer can make and every event it can receive, declared once.
 * The main-process handler registry (src-main/api/registry.ts), the preload bridge
 * (src-preload/index.ts) and the WebSocket transport (src-main/serve + src-renderer/transport) are
 * all derived from this object. Adding a call = one entry here + one handler.
 *
 * Names are `<area>.<verb>`. Arguments are always one object so they can grow without breaking.
 */
const consoleFilter = z
  .object({
    levels: z.array(z.enum(['info', 'warning', 'error', 'exception'])).max(4),
    search: z.string().max(1000).default(''),
    collapse: z.boolean().default(false),
  })
  .strict()

export const calls = {
  // --- app & project -------------------------------------------------------------------------
  'app.info': call<T.AppInfo>()(z.object({}).strict(), 'Version, connection mode and runtime of the core'),
  'app.health': call<T.HealthReport>()(z.object({}).strict(), 'Health of database, cache, bus and Docker'),
  'project.current': call<T.ProjectSummary | null>()(z.object({}).strict(), 'The open project, or null'),
  'project.open': call<T.ProjectSummary>()(
    z.object({ root: z.string().min(1).max(4096) }).strict(),
    'Open a Unity project folder (desktop only; `slate serve` is bound to one project)',
  ),
  'project.openDialog': call<T.ProjectSummary | null>()(z.object({}).strict(), 'Pick a project folder with the native dialog (desktop only)'),
  'project.recent': call<T.RecentProject[]>()(z.object({}).strict(), 'Recently opened projects'),
  'settings.get': call<T.Settings>()(z.object({}).strict(), 'User settings (team server URLs, Unity path)'),
  'settings.set': call<T.Settings>()(
    z
      .object({
        databaseUrl: z.string().max(2048).optional(),
        redisUrl: z.string().max(2048).optional(),
        natsUrl: z.string().max(2048).optional(),
        unityPath: z.string().max(4096).optional(),
      })
      .strict(),
    'Change user settings; team URLs take effect on restart',
  ),
  // --- files (always confined to the open project) --------------------------------------------
  'fs.read': call<T.FileContent>()(z.object({ path: projectPath }).strict(), 'Read a text file of the project'),
  'fs.list': call<T.DirEntry[]>()(z.object({ path: z.string().max(4096).default('') }).strict(), 'List a folder of the project'),
  // --- unity: project model, asset index, reference graph (src-main/unity) ----------------------
  // `asset` arguments take a project-relative path (Assets/…, Packages/<embedded>/…) or a GUID.
  'unity.index.summary': call<U.IndexSummary>()(z.object({}).strict(), 'Figures, settings, build scenes, packages and diagnostics of the open project'),
  'unity.assets.search': call<U.AssetSearchResult>()(
    z
      .object({
        query: z.string().max(512).optional(),
        type: z.string().max(100).optional(),
        folder: z.string().max(4096).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict(),
    'Search assets by path words, type and folder (folder: direct children only)',
  ),
  'unity.asset.get': call<U.AssetDetail>()(z.object({ asset: projectPath }).strict(), 'One asset with its import settings, counts and diagnostics'),
  'unity.refs': call<U.AssetRefs>()(
    z.object({ asset: projectPath, transitive: z.boolean().default(false) }).strict(),
    'What an asset depends on and what uses it (transitively on request)',
  ),
  'unity.diagnostics': call<U.UnityDiagnostic[]>()(z.object({ kind: z.string().max(64).optional() }).strict(), 'Problems found in the project, optionally of one kind'),
  'unity.scene.get': call<U.SceneDetail>()(z.object({ path: projectPath }).strict(), 'Full parse of a scene or prefab: GameObjects, components, prefab instances'),
  'unity.meta.create': call<U.MetaWriteResult>()(
    z.object({ path: projectPath }).strict(),
    'Write the .meta of a new asset (fresh GUID, the importer Unity would choose); refuses if one exists',
  ),
  'unity.meta.setImportSettings': call<U.MetaWriteResult>()(
    z.object({ path: projectPath, changes: z.record(z.string().max(512), z.string().max(4096)) }).strict(),
    'Change importer settings (keys are dotted paths under the importer, e.g. "textureSettings.filterMode"); only those lines change',
  ),
  // --- files / console / assets-ui (src-main/files, src-main/console, src-main/assets) -----------
  'files.open': call<UI.FileSnapshot>()(z.object({ path: projectPath }).strict(), 'Open a text file for editing: content, mtime and the hash a later save is checked against'),
  'files.save': call<UI.SaveResult>()(
    z
      .object({
        path: projectPath,
        content: z.string().max(32 * 1024 * 1024),
        baseHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
        force: z.boolean().default(false),
      })
      .strict(),
    'Save atomically (temp file + rename); refused with `conflict` if the file changed on disk since baseHash',
  ),
  'files.list': call<UI.FileListResult>()(z.object({ refresh: z.boolean().default(false) }).strict(), 'Every file of the project (no .meta, no Library/Temp): the quick-open list'),
  'files.find': call<UI.FindResult>()(
    z
      .object({
        query: z.string().min(1).max(1000),
        regex: z.boolean().default(false),
        caseSensitive: z.boolean().default(false),
        wholeWord: z.boolean().default(false),
        include: z.string().max(500).default(''),
        maxResults: z.number().int().min(1).max(20_000).default(2000),
      })
      .strict(),
    'Find in files across the project (ripgrep when installed)',
  ),
  'console.sources': call<UI.ConsoleSourceInfo[]>()(z.object({}).strict(), 'Open console sources'),
  'console.openFile': call<UI.ConsoleSourceInfo>()(z.object({ path: projectPath }).strict(), 'Open a log file of the project in the console'),
  'console.openEditorLog': call<UI.ConsoleSourceInfo>()(z.object({}).strict(), "Tail the Unity Editor's Editor.log from its standard location"),
  'console.openBuildLog': call<UI.ConsoleSourceInfo>()(
    z.object({ jobId: z.string().uuid(), label: z.string().min(1).max(200) }).strict(),
    "A build's raw Unity log in the console (followed while the build runs)",
  ),
  'console.upload': call<UI.ConsoleSourceInfo>()(
    z
      .object({ sourceId: z.string().max(100).optional(), name: z.string().min(1).max(255), chunk: z.string().max(8 * 1024 * 1024), done: z.boolean() })
      .strict(),
    'A log file picked by the user, sent in chunks (first chunk without sourceId)',
  ),
  'console.query': call<UI.ConsoleQueryResult>()(
    z
      .object({
        sourceId: z.string().max(100),
        filter: consoleFilter,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(0).max(2000).default(200),
      })
      .strict(),
    'A window of the filtered entries, with counts per level',
  ),
  'console.clear': call<UI.ConsoleSourceInfo>()(z.object({ sourceId: z.string().max(100) }).strict(), 'Clear the entries so far (a live tail keeps going)'),
  'console.export': call<{ name: string; text: string; truncated: boolean }>()(
    z.object({ sourceId: z.string().max(100), filter: consoleFilter }).strict(),
    'The filtered entries as text',
  ),
  'console.close': call<null>()(z.object({ sourceId: z.string().max(100) }).strict(), 'Close a console source'),
  'assets.search': call<UI.AssetListResult>()(
    z
      .object({
        query: z.string().max(1000).default(''),
        folder: z.string().max(4096).nullable().default(null),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    "Unity search syntax (t:Type l:label ref:<guid|path> name fragments, plus is:problem is:unused); no query lists the folder's children",
  ),
  'assets.tree': call<UI.AssetFolder[]>()(z.object({}).strict(), 'Every asset folder with the number of assets below it'),
  'assets.thumbnail': call<UI.Thumbnail>()(
    z.object({ path: projectPath, size: z.number().int().min(16).max(512).default(128) }).strict(),
    'A PNG thumbnail of a texture as a data URL (made with sharp, cached on disk), or why there is none',
  ),
  // --- data: database, cache, bus, offline sync (src-main/store) ---------------------------------
  'data.status': call<D.DataStatus>()(z.object({}).strict(), 'Mode, backing servers, online/offline and changes waiting to sync'),
  'data.sync': call<D.DataStatus>()(z.object({}).strict(), 'Try the team server now: replay the outbox and refresh the local mirror'),
  // --- builds: profiles, runs, history, the Unity bridge package (src-main/builds) -------------
  'builds.profiles.list': call<B.BuildProfile[]>()(z.object({}).strict(), 'Saved build profiles of the open project (ProjectSettings/SlateBuildProfiles.json)'),
  'builds.profiles.default': call<B.BuildProfile>()(
    z.object({ target: buildTargetSchema, type: buildTypeSchema.default('development') }).strict(),
    'A new profile with the documented defaults of a target and build type',
  ),
  'builds.profiles.validate': call<B.ProfileValidation>()(z.object({ profile: z.unknown() }).strict(), 'Check a profile; every issue says why'),
  'builds.profiles.save': call<{ profiles: B.BuildProfile[]; validation: B.ProfileValidation }>()(
    z.object({ profile: buildProfileSchema }).strict(),
    'Insert or replace a profile by id; refused (invalid_argument, details = validation) when it has errors',
  ),
  'builds.profiles.delete': call<B.BuildProfile[]>()(z.object({ id: z.string().max(64) }).strict(), 'Delete a saved profile'),
  'builds.scenes': call<{ path: string; enabled: boolean; guid: string | null }[]>()(z.object({}).strict(), 'The scene list of EditorBuildSettings, in order'),
  'builds.unity': call<B.UnityDiscovery>()(z.object({}).strict(), 'Installed Unity editors and the one matching ProjectVersion.txt (or why none does)'),
  'builds.start': call<{ jobId: string }>()(
    z.object({ profile: buildProfileSchema, runner: z.enum(['local', 'docker', 'farm']).default('local'), image: z.string().max(500).optional() }).strict(),
    'Start a build of the open project; follow it with build.progress / build.log / build.finished',
  ),
  'builds.cancel': call<{ cancelled: boolean }>()(z.object({ jobId: z.string().uuid() }).strict(), 'Cancel a running build (kills Unity and its helpers, or stops the container)'),
  'builds.running': call<B.BuildJobSummary[]>()(z.object({}).strict(), 'Builds running in this process'),
  'builds.history.list': call<B.BuildHistoryPage>()(
    z
      .object({
        target: buildTargetSchema.optional(),
        type: buildTypeSchema.optional(),
        status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    "The open project's builds, newest first, with success rate and duration trend per target (local mirror when offline)",
  ),
  'builds.history.get': call<B.BuildJobDetail>()(z.object({ jobId: z.string().uuid() }).strict(), 'One build with its steps, messages and packed assets (biggest first)'),
  'builds.log': call<B.BuildLogPage>()(
    z.object({ jobId: z.string().uuid(), fromLine: z.number().int().min(1).default(1), limit: z.number().int().min(1).max(20_000).default(5000) }).strict(),
    "A page of a build's raw Unity log (kept for builds run by this machine; grows while the build runs)",
  ),
  'builds.bridge.preview': call<B.BridgeManifestDiff>()(
    z.object({ action: z.enum(['install', 'remove']) }).strict(),
    'The Packages/manifest.json diff that adding or removing com.slate.bridge would make',
  ),
  'builds.bridge.apply': call<B.BridgeManifestDiff>()(
    z.object({ action: z.enum(['install', 'remove']), expectedBefore: z.string().max(1_000_000).optional() }).strict(),
    'Apply the previewed change (conflict if the manifest changed since the preview)',
  ),
  // --- builds-ui: what the Builds view needs on top of builds.* (src-main/api/handlers/builds-ui.ts) ---
  'builds-ui.commandLine': call<{ executable: string; args: string[]; notes: string[]; text: string }>()(
    z.object({ profile: buildProfileSchema, runner: z.enum(['local', 'docker', 'farm']).default('local'), image: z.string().max(500).optional() }).strict(),
    'The Unity command line a build of this profile would run (`slate build --dry-run`)',
  ),
  'builds-ui.buildTypes': call<Record<B.BuildType, { description: string; compression: string; defines: string[]; developmentBuild: boolean }>>()(
    z.object({}).strict(),
    'What each build type (development, staging, production) means: its documented defaults',
  ),
  ...linkCalls,
  ...codeCalls,
  ...teamCalls,
  ...buildReadinessCalls,
  ...settingsCheckCalls,
  ...buildsizeCalls,
  ...packagesCalls,
  ...assetprocCalls,
  ...runtimeCalls,
  ...analyticsCalls,
  ...servicesCalls,
} as const satisfies Record<string, CallSpec<z.ZodType, unknown>>

export const events = {
  'project.changed': event<T.ProjectSummary | null>('The open project changed'),
  'health.changed': event<T.HealthReport>('Health of a backing service changed'),
  'index.changed': event<U.IndexChange>('The Unity asset index changed (files created, edited or deleted)'),
  'console.appended': event<UI.ConsoleAppended>('New entries in a console source, or it finished loading (latest counts per source, at most 8/s)', {
    mode: 'latest',
    perSecond: 8,
    key: (p) => p.sourceId,
  }),
  'build.progress': event<B.BuildProgressEvent>('A build moved to a new stage (seven stages, 10–100%), with elapsed time and the estimate from history', {
    mode: 'every',
    key: (p) => p.jobId,
  }),
  'build.log': event<B.BuildLogEvent>('A batch of build log lines, with the errors/warnings/exceptions found in them', { mode: 'every', key: (p) => p.jobId }),
  'build.finished': event<B.BuildJobSummary>('A build ended: the verdict from the report file and exit code', { mode: 'every', key: (p) => p.id }),
  ...linkEvents,
  ...codeEvents,
  ...assetprocEvents,
  ...runtimeEvents,
} as const satisfies Record<string, AnyEventSpec>

export type Calls = typeof calls
export type CallName = keyof Calls
export type EventName = keyof typeof events
export type ArgsOf<N extends CallName> = z.input<Calls[N]['args']>
export type ParsedArgsOf<N extends CallName> = z.output<Calls[N]['args']>
export type ResultOf<N extends CallName> = NonNullable<Calls[N]['result']> extends never
  ? Calls[N]['result']
  : Exclude<Calls[N]['result'], undefined>
export type PayloadOf<E extends EventName> = Exclude<(typeof events)[E]['payload'], undefined>

export const callNames = Object.keys(calls) as CallName[]
export const eventNames = Object.keys(events) as EventName[]

/** What the renderer holds: one async method per call, plus event subscription. Both transports implement it. */
export type SlateApi = {
  [N in CallName]: (args: ArgsOf<N>) => Promise<ResultOf<N>>
}
export interface CallOptions {
  /** Aborting cancels the call: the core's handler gets the abort, the promise rejects with `cancelled`. */
  signal?: AbortSignal
  /**
   * The project (root) this call is made for: the core refuses a project-bound call with
   * `conflict` when another project is open (src-main/api/registry.ts projectMismatch).
   */
  project?: string | null
}
export interface SlateClient {
  call<N extends CallName>(name: N, args: ArgsOf<N>, options?: CallOptions): Promise<ResultOf<N>>
  /**
   * Listen to an event (for one key only, e.g. a job id, when `key` is given). The first listener
   * subscribes this client with the core, the last one's removal unsubscribes it.
   */
  on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>, project: string | null) => void, key?: string): () => void
  readonly transport: 'ipc' | 'websocket'
}
