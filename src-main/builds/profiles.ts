import { readConfined, writeFileConfined } from '../core/confined-fs'
import path from 'node:path'
import type { BuildProfile, BuildTarget, BuildType, ProfileIssue, ProfileValidation } from '../../src-shared/types-builds'
import { buildProfileSchema } from '../../src-shared/types-builds'
import { BUILD_TYPE_DEFAULTS } from './build-types'
import { isInside } from '../core/project-paths'
import { defaultOutputPath, outputPathProblem } from '../../src-shared/build-targets'
import { platformIssues } from './platform-settings'

/** Targets where Unity only offers IL2CPP (no Mono runtime exists for them). */
const IL2CPP_ONLY: ReadonlySet<BuildTarget> = new Set(['iOS', 'WebGL', 'PS5', 'GameCoreXboxSeries', 'Switch'])

export function defaultProfile(target: BuildTarget, type: BuildType = 'development', productName = 'Game'): BuildProfile {
  const d = BUILD_TYPE_DEFAULTS[type]
  return {
    id: `${target.toLowerCase()}-${type}`,
    name: `${target} (${type})`,
    target,
    type,
    scenes: null,
    backend: IL2CPP_ONLY.has(target) || type === 'production' ? 'IL2CPP' : 'Mono',
    compression: target === 'WebGL' ? 'none' : d.compression,
    options: { ...d.options },
    defines: [...d.defines],
    outputPath: defaultOutputPath(target, productName),
  }
}

export interface ValidationContext {
  projectRoot: string
  /** Scenes the build will use when `profile.scenes` is null (EditorBuildSettings, enabled ones). */
  buildSettingsScenes: string[]
  /** Scene paths that exist in the project; undefined skips the existence check. */
  sceneExists?: (scenePath: string) => boolean
  /** Environment of the machine that builds (keystore password variables); undefined skips the check. */
  env?: NodeJS.ProcessEnv
  /** Whether a file exists (absolute path); undefined skips the check. */
  fileExists?: (absPath: string) => boolean
  /** Why EditorBuildSettings could not be read (a Git LFS pointer), said instead of "no enabled scenes". */
  buildSettingsProblem?: string | null
}

/**
 * Check a profile and say why each problem is one. Errors stop a build; warnings are shown.
 * Structural problems (wrong types, unknown target) come from the zod schema; the rules below are
 * the ones Unity would only report half-way through a build, or never.
 */
export function validateProfile(input: unknown, ctx: ValidationContext): ProfileValidation {
  const parsed = buildProfileSchema.safeParse(input)
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(profile)', severity: 'error', message: i.message })),
    }
  }
  const p = parsed.data as BuildProfile
  const issues: ProfileIssue[] = []
  const error = (field: string, message: string) => issues.push({ field, severity: 'error', message })
  const warn = (field: string, message: string) => issues.push({ field, severity: 'warning', message })
  const o = p.options

  if (o.deepProfiling && !o.developmentBuild) {
    error('options.deepProfiling', 'Deep profiling needs a Development Build: release players do not contain the profiler instrumentation it relies on.')
  }
  if (o.autoconnectProfiler && !o.developmentBuild) {
    error('options.autoconnectProfiler', 'Autoconnect Profiler needs a Development Build: only development players include the profiler connection.')
  }
  if (o.scriptDebugging && !o.developmentBuild) {
    error('options.scriptDebugging', 'Script debugging needs a Development Build: release players are built without debug symbols for managed code.')
  }
  if (o.waitForManagedDebugger && !o.scriptDebugging) {
    error('options.waitForManagedDebugger', 'Wait for managed debugger needs script debugging: without it no debugger can attach and the player would wait forever.')
  }
  if (p.type === 'production' && (o.developmentBuild || o.deepProfiling || o.autoconnectProfiler || o.scriptDebugging)) {
    error('type', 'A production build ships to players: it cannot be a Development Build or carry profiling or debugging options. Use the development or staging type.')
  }
  if (IL2CPP_ONLY.has(p.target) && p.backend !== 'IL2CPP') {
    error('backend', `${p.target} supports only the IL2CPP scripting backend: Unity has no Mono runtime for it.`)
  }
  if (p.target === 'WebGL' && p.compression !== 'none') {
    warn('compression', 'WebGL ignores LZ4/LZ4HC: its compression (Brotli or gzip) is set in Player Settings > Publishing Settings.')
  }
  if (o.deepProfiling && p.backend === 'IL2CPP') {
    warn('options.deepProfiling', 'Deep profiling with IL2CPP makes builds much slower and players very slow; it is usually used with Mono.')
  }

  p.defines.forEach((d, i) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(d)) error(`defines[${i}]`, `"${d}" is not a valid scripting define: use letters, digits and underscores, not starting with a digit.`)
  })
  const dupDefine = p.defines.find((d, i) => p.defines.indexOf(d) !== i)
  if (dupDefine) warn('defines', `"${dupDefine}" is listed twice.`)

  const scenes = p.scenes ?? ctx.buildSettingsScenes
  if (scenes.length === 0) {
    error(
      'scenes',
      p.scenes === null && ctx.buildSettingsProblem
        ? `${ctx.buildSettingsProblem}. Until then the build has no scenes: pull it, or list scenes in the profile.`
        : p.scenes === null
        ? 'EditorBuildSettings has no enabled scenes, and Unity cannot build a player without one: add scenes to the profile or enable them in Build Settings.'
        : 'The profile lists no scenes: Unity cannot build a player without at least one.',
    )
  }
  scenes.forEach((s, i) => {
    const field = p.scenes === null ? `EditorBuildSettings scene ${i}` : `scenes[${i}]`
    if (!/\.unity$/i.test(s)) error(field, `"${s}" is not a scene: scene files end in .unity.`)
    else if (ctx.sceneExists && !ctx.sceneExists(s)) error(field, `Scene "${s}" does not exist in the project.`)
    if (scenes.indexOf(s) !== i) warn(field, `Scene "${s}" is listed twice; Unity would include it once.`)
  })

  const out = p.outputPath.trim()
  if (out === '') error('outputPath', 'Choose where the player goes: the output path is empty.')
  else {
    const abs = path.resolve(ctx.projectRoot, out)
    for (const folder of ['Assets', 'Library', 'ProjectSettings', 'Packages']) {
      if (isInside(path.join(ctx.projectRoot, folder), abs)) {
        error('outputPath', `The output path is inside ${folder}/: ${folder === 'Assets' ? 'Unity would import the built player as assets' : 'Unity manages that folder and may delete or rewrite it'}. Use a folder such as Builds/.`)
      }
    }
    // A content build (AssetBundles, Addressables) writes a folder of content, not a player.
    const wrong = p.content ? null : outputPathProblem(p.target, out, p.platform?.android?.format)
    if (wrong) error('outputPath', wrong)
  }
  for (const i of platformIssues(p, ctx)) issues.push(i)
  return { ok: !issues.some((i) => i.severity === 'error'), issues }
}

/** Build profiles are saved in the project (ProjectSettings/SlateBuildProfiles.json) so a team shares them through version control. */
export const PROFILES_FILE = 'ProjectSettings/SlateBuildProfiles.json'

export function profilesFile(projectRoot: string): string {
  return path.join(projectRoot, PROFILES_FILE)
}

export async function loadProfiles(projectRoot: string): Promise<BuildProfile[]> {
  let raw: unknown
  try {
    raw = JSON.parse((await readConfined(projectRoot, PROFILES_FILE)).toString('utf8'))
  } catch {
    return []
  }
  const list = (raw as { profiles?: unknown[] })?.profiles
  if (!Array.isArray(list)) return []
  // A hand-edited file may hold a broken profile: keep the good ones rather than losing all.
  return list.flatMap((p) => {
    const r = buildProfileSchema.safeParse(p)
    return r.success ? [r.data as BuildProfile] : []
  })
}

export async function saveProfiles(projectRoot: string, profiles: BuildProfile[]): Promise<void> {
  await writeFileConfined(projectRoot, PROFILES_FILE, `${JSON.stringify({ version: 1, profiles }, null, 2)}\n`)
}

/** Insert or replace one profile by id. */
export async function upsertProfile(projectRoot: string, profile: BuildProfile): Promise<BuildProfile[]> {
  const all = await loadProfiles(projectRoot)
  const i = all.findIndex((p) => p.id === profile.id)
  if (i >= 0) all[i] = profile
  else all.push(profile)
  await saveProfiles(projectRoot, all)
  return all
}
