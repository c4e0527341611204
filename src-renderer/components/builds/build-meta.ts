import type { BuildCompression, BuildRunnerKind, BuildStageId, BuildStatus, BuildTarget, ScriptingBackend } from '../../../src-shared/types-builds'
import { BUILD_STATUSES, BUILD_TARGETS, BUILD_TYPES as SHARED_BUILD_TYPES } from '../../../src-shared/types-data'

// The lists of targets, types and statuses come from src-shared/types-data (free of zod, unlike
// types-builds, so the renderer bundle stays small). Labels are `Record<Union, …>`, so a missing or
// extra entry is a type error and they cannot drift from the shared types.

export const TARGET_LABELS: Record<BuildTarget, string> = {
  StandaloneWindows64: 'Windows (64-bit)',
  StandaloneOSX: 'macOS',
  StandaloneLinux64: 'Linux (64-bit)',
  Android: 'Android',
  iOS: 'iOS',
  WebGL: 'WebGL',
  PS5: 'PlayStation 5',
  GameCoreXboxSeries: 'Xbox Series X|S',
  Switch: 'Nintendo Switch',
}
export const TARGETS: readonly BuildTarget[] = BUILD_TARGETS

export const BUILD_TYPES = SHARED_BUILD_TYPES

const BACKENDS: Record<ScriptingBackend, string> = { Mono: 'Mono (fast builds, JIT)', IL2CPP: 'IL2CPP (AOT, C++; needed on consoles, iOS, WebGL)' }
export const BACKEND_OPTIONS = Object.entries(BACKENDS) as [ScriptingBackend, string][]

const COMPRESSIONS: Record<BuildCompression, string> = { none: 'None', LZ4: 'LZ4 (fast)', LZ4HC: 'LZ4HC (smallest, slow to build)' }
export const COMPRESSION_OPTIONS = Object.entries(COMPRESSIONS) as [BuildCompression, string][]

const RUNNERS: Record<BuildRunnerKind, string> = {
  local: 'Local: Unity on this machine',
  docker: 'Docker: a GameCI editor image',
  farm: 'Farm: a build worker takes the job (team NATS)',
}
export const RUNNER_OPTIONS = Object.entries(RUNNERS) as [BuildRunnerKind, string][]

/** The seven stages, in order, with the progress each one reaches (issue 5). */
const STAGES: Record<BuildStageId, { label: string; percent: number }> = {
  prepare: { label: 'Prepare', percent: 10 },
  compile: { label: 'Compile scripts', percent: 30 },
  bundles: { label: 'Build asset bundles', percent: 50 },
  package: { label: 'Package resources', percent: 70 },
  optimize: { label: 'Optimize', percent: 85 },
  executable: { label: 'Create executable', percent: 95 },
  finalize: { label: 'Finalize', percent: 100 },
}
export const STAGE_LIST = (Object.entries(STAGES) as [BuildStageId, { label: string; percent: number }][]).map(([id, s]) => ({ id, ...s }))

export const STATUS_LABELS: Record<BuildStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
}
export const STATUSES: readonly BuildStatus[] = BUILD_STATUSES

/** The option checkboxes, with what each does (Unity's BuildOptions). */
export const OPTION_FIELDS = [
  { key: 'developmentBuild', label: 'Development build', help: 'Includes debug symbols and the profiler; enables the options below.' },
  { key: 'autoconnectProfiler', label: 'Autoconnect profiler', help: 'The player connects to the Profiler on start.' },
  { key: 'deepProfiling', label: 'Deep profiling', help: 'Instruments every managed call: precise but very slow.' },
  { key: 'scriptDebugging', label: 'Script debugging', help: 'A managed debugger (Rider, Visual Studio) can attach.' },
  { key: 'waitForManagedDebugger', label: 'Wait for managed debugger', help: 'The player waits on start until a debugger attaches.' },
] as const

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—'
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

export function formatWhen(iso: string | null): string {
  if (!iso) return '—'
  const s = (Date.now() - Date.parse(iso)) / 1000
  if (s < 90) return 'just now'
  if (s < 5400) return `${Math.round(s / 60)} min ago`
  if (s < 129600) return `${Math.round(s / 3600)} h ago`
  return new Date(iso).toLocaleDateString()
}

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  target: 'Target platform',
  type: 'Build type',
  scenes: 'Scenes',
  backend: 'Scripting backend',
  compression: 'Compression',
  defines: 'Scripting defines',
  outputPath: 'Output path',
}

/** A validation issue's field (`options.deepProfiling`, `scenes[2]`) as the form labels it. */
export function fieldLabel(field: string): string {
  const option = OPTION_FIELDS.find((o) => field === `options.${o.key}`)
  if (option) return option.label
  const m = /^(\w+)\[(\d+)\]$/.exec(field)
  if (m && FIELD_LABELS[m[1]]) return `${FIELD_LABELS[m[1]]} #${Number(m[2]) + 1}`
  return FIELD_LABELS[field] ?? field
}
