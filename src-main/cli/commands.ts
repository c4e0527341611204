import type { CliCommandEntry } from './command'

/**
 * Every `slate` command, in the order `slate --help` lists them. Add new ones here. Each command's
 * module is imported only when it runs (or prints its usage): `slate --version` and `--help` load
 * none of the core.
 */
export const commands: CliCommandEntry[] = [
  { name: 'serve', summary: 'serve the UI and API to a browser (token-protected, 127.0.0.1 by default)', load: async () => (await import('./commands/serve')).serveCommand },
  { name: 'index', summary: 'index a Unity project: assets, GUIDs, references, packages, diagnostics', load: async () => (await import('./commands/index')).indexCommand },
  { name: 'packages', summary: "fetch the registry packages a project needs into SLATE's own cache (packages fetch <project>)", load: async () => (await import('./commands/packages')).packagesCommand },
  { name: 'refs', summary: 'what an asset depends on and where it is used', load: async () => (await import('./commands/refs')).refsCommand },
  { name: 'migrate', summary: 'apply database migrations (--status to list them)', load: async () => (await import('./commands/migrate')).migrateCommand },
  { name: 'status', summary: 'mode, health of database/cache/bus/Docker, changes waiting to sync', load: async () => (await import('./commands/status')).statusCommand },
  { name: 'build', summary: 'build a player (local, Docker or farm), with live progress and a trusted verdict', load: async () => (await import('./commands/build')).buildCommand },
  { name: 'runtime', summary: 'runtime sessions in containers: start|list|stop|restart|logs|stats|exec', load: async () => (await import('./commands/runtime')).runtimeCommand },
  { name: 'analytics', summary: 'metrics over a time range: builds, runtime sessions, users, assets, logs (--since 7d, --json)', load: async () => (await import('./commands/analytics')).analyticsCommand },
  { name: 'worker', summary: 'build-farm worker: take queued builds one at a time (NATS JetStream)', load: async () => (await import('./commands/worker')).workerCommand },
  { name: 'api', summary: "list the API contract: every call with its doc, every event with its delivery", load: async () => (await import('./commands/api')).apiCommand },
  { name: 'history', summary: 'list builds (with success rate and duration per target), or show one build', load: async () => (await import('./commands/history')).historyCommand },
  { name: 'builds', summary: 'build sizes: import reports, diff two builds, budgets, trends', load: async () => (await import('./commands/builds')).buildsCommand },
  { name: 'code', summary: 'C# definitions and usages, in code and in scenes/prefabs (definition|usages <project> <Symbol>)', load: async () => (await import('./commands/code')).codeCommand },
  { name: 'members', summary: "who may see a project in a team database (list, add NAME[:ROLE], remove NAME)", load: async () => (await import('./commands/members')).membersCommand },
  { name: 'team', summary: 'team security: server configs (NATS, PostgreSQL, Redis) and credentials per identity and role', load: async () => (await import('./commands/team')).teamCommand },
  { name: 'login', summary: "store a team identity's credentials for this machine (0600 file; the app uses the OS keychain)", load: async () => (await import('./commands/login')).loginCommand },
  { name: 'services', summary: 'backend services of a team server (artifacts of the build farm over authenticated HTTP)', load: async () => (await import('./commands/services')).servicesCommand },
  { name: 'link', summary: 'the live link to Unity without the UI (serve: a test harness; standin: play a Unity process)', load: async () => (await import('./commands/link')).linkCommand },
  { name: 'profiler', summary: 'import Profile Analyzer CSVs and Performance Testing results: frames, figures, markers, bottleneck', load: async () => (await import('./commands/profiler')).profilerCommand },
  { name: 'log', summary: 'read a Unity or build log: verdict, errors, warnings, the first error (for CI)', load: async () => (await import('./commands/log')).logCommand },
  { name: 'bridge', summary: 'install, update, remove or check the com.slate.bridge package of a project', load: async () => (await import('./commands/bridge')).bridgeCommand },
  { name: 'assets', summary: 'process textures, models and audio in batches (process|replace|restore|presets)', load: async () => (await import('./commands/assets')).assetsCommand },
]
