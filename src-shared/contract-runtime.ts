import { z } from 'zod'
import { call, event } from './contract-kit'
import { RUNTIME_TYPES, type RuntimeSession } from './types-data'
import type * as R from './types-runtime'
import type { ConsoleSourceInfo } from './types-ui'

/**
 * Runtime sessions in containers (src-main/runtime): the core asks the container service over the
 * bus (`<root>.container.<verb>.<id>`), in solo mode the one inside the app, in team mode
 * `slate services --only container`. Sessions belong to the open project; mounts are
 * project-relative folders (checked again by the orchestrator, through symlinks).
 */
const sessionId = z.string().uuid()

export const runtimeStartSchema = z
  .object({
    runtimeType: z.enum(RUNTIME_TYPES).default('unity'),
    image: z.string().min(1).max(255),
    command: z.array(z.string().max(4096)).max(256).default([]),
    env: z.record(z.string().max(256), z.string().max(8192)).default({}),
    ports: z.array(z.string().max(32)).max(64).default([]),
    cpus: z.number().positive().max(1024).nullable().default(null),
    memory: z.string().max(32).nullable().default(null),
    network: z.boolean().default(false),
    mounts: z
      .array(z.object({ hostPath: z.string().min(1).max(4096), containerPath: z.string().min(1).max(4096), readOnly: z.boolean().default(true) }).strict())
      .max(32)
      .default([]),
  })
  .strict()

export const runtimePresetSchema = runtimeStartSchema.extend({ description: z.string().max(400).default('') })

export const runtimeCalls = {
  'runtime.sessions.list': call<RuntimeSession[]>()(
    z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    'Runtime sessions of the open project, newest first',
  ),
  'runtime.sessions.start': call<RuntimeSession>()(
    runtimeStartSchema,
    'Start a session in a container (uid 1000, no capabilities, read-only root; no network unless asked or ports are published)',
  ),
  'runtime.sessions.stop': call<RuntimeSession>()(z.object({ sessionId }).strict(), 'Stop a session (its log stays in the database)'),
  'runtime.sessions.restart': call<RuntimeSession>()(z.object({ sessionId }).strict(), 'Stop a session if it runs, then start a new container from its stored config'),
  'runtime.sessions.exec': call<{ execId: string; exitCode: number | null; stdout: string; stderr: string; truncated: boolean }>()(
    z.object({ sessionId, command: z.array(z.string().max(4096)).min(1).max(256), execId: z.string().uuid().optional() }).strict(),
    'Run a command in a running session; its output streams on runtime.exec.output (keyed by execId) as it comes',
  ),
  'runtime.sessions.stats': call<R.RuntimeStatsSample[]>()(
    z.object({ sessionId }).strict(),
    'The samples of the last minutes (one per second while the session runs); new ones on runtime.stats',
  ),
  'runtime.sessions.logs': call<R.RuntimeLogPage>()(
    z
      .object({
        sessionId,
        after: z.object({ timestamp: z.string().max(64), id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i) }).strict().optional(),
        limit: z.number().int().min(1).max(10_000).default(1000),
      })
      .strict(),
    "A page of a session's stored log, in order (the log aggregator's lines)",
  ),
  'runtime.sessions.openInConsole': call<ConsoleSourceInfo>()(
    z.object({ sessionId }).strict(),
    "A session's log as a console source: the stored lines, then the live ones while it runs (levels, search and export of the Console view)",
  ),
  'runtime.presets.get': call<R.RuntimePresets>()(z.object({}).strict(), "Start presets: the project's (ProjectSettings/SlateRuntimePresets.json) and the built-in ones"),
  'runtime.presets.save': call<R.RuntimePresets>()(
    z.object({ name: z.string().min(1).max(80), preset: runtimePresetSchema }).strict(),
    "Save one preset in the project's SlateRuntimePresets.json",
  ),
}

export const runtimeEvents = {
  // only a session's current state matters; its last state of a burst always arrives
  'runtime.session.changed': event<R.RuntimeSessionChanged>('A runtime session was created or changed status', {
    mode: 'latest',
    perSecond: 10,
    key: (p) => p.session.id,
  }),
  // every line counts: a log view must not skip one
  'runtime.log': event<R.RuntimeLogEvent>('Live log lines of a session, in batches', { mode: 'every', key: (p) => p.sessionId }),
  'runtime.exec.output': event<R.RuntimeExecOutput>('Output of a command run in a session, as it comes', { mode: 'every', key: (p) => p.execId }),
  // a chart needs the newest sample; the history is one call away (runtime.sessions.stats)
  'runtime.stats': event<R.RuntimeStatsSample>('A resource sample of a running session (about one per second)', {
    mode: 'latest',
    perSecond: 2,
    key: (p) => p.sessionId,
  }),
}
