import { ApiError } from '../../../src-shared/contract-kit'
import type { BuildProfile, BuildType } from '../../../src-shared/types-builds'
import { BUILD_TYPE_DEFAULTS } from '../../builds/build-types'
import { describeDryRun, runnerFor } from '../../builds/describe-build'
import { discoverUnity, realDiscoveryEnv } from '../../builds/unity-discovery'
import type { Handlers } from '../handler'

/**
 * Calls the Builds view needs on top of the builds engineer's API (handlers/builds.ts): the dry-run
 * command line and what each build type means. Both reuse src-main/builds so the UI shows exactly
 * what `slate build --dry-run` would print, never a second copy of the rules.
 */
type BuildsUiCalls = 'builds-ui.commandLine' | 'builds-ui.buildTypes'

export const buildsUiHandlers: Handlers<BuildsUiCalls> = {
  'builds-ui.commandLine': async (core, { profile, runner, image }) => {
    const project = core.requireProject()
    const discovery = discoverUnity(project.unityVersion, realDiscoveryEnv({ settingPath: core.settings.settings.unityPath }))
    const unityPath = runner === 'local' ? (discovery.match?.path ?? '<unity: not found>') : 'unity-editor'
    try {
      return await describeDryRun({ projectRoot: project.root, profile: profile as BuildProfile, unity: { path: unityPath, version: project.unityVersion }, runnerKind: runner, runner: runnerFor(runner, { image }) })
    } catch (err) {
      throw new ApiError('invalid_argument', (err as Error).message)
    }
  },
  'builds-ui.buildTypes': () => {
    const out = {} as Record<BuildType, { description: string; compression: string; defines: string[]; developmentBuild: boolean }>
    for (const [type, d] of Object.entries(BUILD_TYPE_DEFAULTS) as [BuildType, (typeof BUILD_TYPE_DEFAULTS)[BuildType]][]) {
      out[type] = { description: d.description, compression: d.compression, defines: d.defines, developmentBuild: d.options.developmentBuild }
    }
    return out
  },
}
