import type { BuildCompression, BuildOptionFlags, BuildType } from '../../src-shared/types-builds'

/**
 * What each build type means. These are the documented defaults a new profile of that type gets;
 * a profile may then change them within what validation allows. No scripting define is added by
 * default: a team's scripts must not change because SLATE built them (add defines per profile).
 *
 * - development: Development Build with script debugging, so the profiler and a debugger can attach;
 *   LZ4 for fast iteration.
 * - staging: a release player (no Development Build: performance as shipped) built like production
 *   but with LZ4 so QA gets it sooner.
 * - production: a release player, LZ4HC (smallest, slowest to build), no debugging or profiling
 *   options at all.
 */
export interface BuildTypeDefaults {
  options: BuildOptionFlags
  compression: BuildCompression
  defines: string[]
  description: string
}

const none: BuildOptionFlags = {
  developmentBuild: false,
  autoconnectProfiler: false,
  deepProfiling: false,
  scriptDebugging: false,
  waitForManagedDebugger: false,
}

export const BUILD_TYPE_DEFAULTS: Record<BuildType, BuildTypeDefaults> = {
  development: {
    options: { ...none, developmentBuild: true, scriptDebugging: true },
    compression: 'LZ4',
    defines: [],
    description: 'Development Build + script debugging, LZ4',
  },
  staging: {
    options: { ...none },
    compression: 'LZ4',
    defines: [],
    description: 'Release player, LZ4',
  },
  production: {
    options: { ...none },
    compression: 'LZ4HC',
    defines: [],
    description: 'Release player, LZ4HC, no debugging or profiling',
  },
}

/** Unity BuildOptions flag names the bridge package understands (`-slateOptions`). */
export function unityBuildOptionNames(options: BuildOptionFlags, compression: BuildCompression): string[] {
  const out: string[] = []
  if (options.developmentBuild) out.push('Development')
  if (options.autoconnectProfiler) out.push('ConnectWithProfiler')
  if (options.deepProfiling) out.push('EnableDeepProfilingSupport')
  if (options.scriptDebugging) out.push('AllowDebugging')
  if (options.waitForManagedDebugger) out.push('WaitForPlayerConnection')
  if (compression === 'LZ4') out.push('CompressWithLz4')
  if (compression === 'LZ4HC') out.push('CompressWithLz4HC')
  return out
}
