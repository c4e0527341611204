import path from 'node:path'
import type { BuildProfile, BuildTarget } from '../../src-shared/types-builds'
import { unityBuildOptionNames } from './build-types'
import { platformArgument } from './platform-settings'

/** Unity's `-buildTarget` command-line names (they differ from the BuildTarget enum for standalones). */
export const CLI_BUILD_TARGET: Record<BuildTarget, string> = {
  StandaloneWindows64: 'Win64',
  StandaloneOSX: 'OSXUniversal',
  StandaloneLinux64: 'Linux64',
  Android: 'Android',
  iOS: 'iOS',
  WebGL: 'WebGL',
  PS5: 'PS5',
  GameCoreXboxSeries: 'GameCoreXboxSeries',
  Switch: 'Switch',
}

export const BRIDGE_METHOD = 'Slate.Bridge.BuildCommand.Build'
/** Content builds (AssetBundles, Addressables): resources/unity-package/Editor/ContentBuildCommand.cs. */
export const CONTENT_METHOD = 'Slate.Bridge.ContentBuildCommand.Build'

export interface CommandLineInput {
  profile: BuildProfile
  /** As Unity should see them: host paths for the local runner, container paths for Docker. */
  projectPath: string
  reportPath: string
  outputPath: string
  /** Scenes actually built (the profile's, or EditorBuildSettings' when the profile says null). */
  scenes: string[]
  unityVersion: string | null
  jobId: string
}

/** Unity 6 (6000.x) knows build profile assets; older editors would reject the flag. */
export function supportsBuildProfiles(version: string | null): boolean {
  return version !== null && Number(version.split('.')[0]) >= 6000
}

/**
 * The arguments SLATE passes to Unity. The fixed part is what the issue specifies; the `-slate*`
 * arguments are read by the bridge package (`Slate.Bridge.BuildCommand`), which Unity ignores
 * otherwise. Lists are joined with `;` because scene paths and defines never contain it.
 */
export function unityArguments(i: CommandLineInput): string[] {
  const p = i.profile
  const args = [
    '-batchmode',
    '-quit',
    '-nographics',
    '-projectPath',
    i.projectPath,
    '-buildTarget',
    CLI_BUILD_TARGET[p.target],
    '-executeMethod',
    p.content ? CONTENT_METHOD : BRIDGE_METHOD,
    '-logFile',
    '-',
    '-slateReportPath',
    i.reportPath,
  ]
  // With a Unity 6 build profile asset, the profile carries the platform settings: Unity activates
  // it before the build method runs. Older editors never get the flag.
  if (p.unityBuildProfile && supportsBuildProfiles(i.unityVersion)) args.push('-activeBuildProfile', p.unityBuildProfile)
  args.push(
    '-slateJobId',
    i.jobId,
    '-slateTarget',
    p.target,
    '-slateBuildType',
    p.type,
    '-slateOutputPath',
    i.outputPath,
    '-slateScenes',
    i.scenes.join(';'),
    '-slateBackend',
    p.backend,
    '-slateOptions',
    unityBuildOptionNames(p.options, p.compression).join(',') || 'None',
  )
  if (p.defines.length) args.push('-slateDefines', p.defines.join(';'))
  // Android/WebGL/iOS settings as one JSON argument; keystore passwords travel as variable NAMES.
  const platform = platformArgument(p)
  if (platform) args.push('-slatePlatform', platform)
  if (p.content) args.push('-slateContent', p.content)
  return args
}

/** Quote for display (`--dry-run`): POSIX shell rules, readable on Windows too. */
export function formatCommandLine(executable: string, args: string[]): string {
  return [executable, ...args].map(shellQuote).join(' ')
}

function shellQuote(a: string): string {
  if (a !== '' && /^[\w@%+=:,./-]+$/.test(a)) return a
  return `'${a.replace(/'/g, `'\\''`)}'`
}

/** Absolute output path on the machine that runs Unity. */
export function resolveOutputPath(projectRoot: string, outputPath: string): string {
  return path.resolve(projectRoot, outputPath)
}
