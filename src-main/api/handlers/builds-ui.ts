import path from 'node:path'
import { ApiError } from '../../../src-shared/contract-kit'
import type { BuildProfile, BuildType } from '../../../src-shared/types-builds'
import { BUILD_TYPE_DEFAULTS } from '../../builds/build-types'
import { scenesFor } from '../../builds/build-session'
import { formatCommandLine, unityArguments } from '../../builds/command-line'
import { DockerRunner } from '../../builds/runners/docker-runner'
import { LocalRunner } from '../../builds/runners/local-runner'
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
    const p = profile as BuildProfile
    const discovery = discoverUnity(project.unityVersion, realDiscoveryEnv({ settingPath: core.settings.settings.unityPath }))
    const unityPath = runner === 'local' ? (discovery.match?.path ?? '<unity: not found>') : 'unity-editor'
    const jobId = '<job-id>'
    const scenes = await scenesFor(project.root, p)
    const spec = {
      jobId,
      projectRoot: project.root,
      unityPath,
      unityVersion: project.unityVersion,
      reportPath: path.join('<work-dir>', jobId, 'report.json'),
      outputPath: path.resolve(project.root, p.outputPath || '.'),
      target: p.target,
      backend: p.backend,
      env: {},
      argsFor: (x: { projectPath: string; reportPath: string; outputPath: string }) => unityArguments({ profile: p, ...x, scenes, unityVersion: project.unityVersion, jobId }),
    }
    let d: { executable: string; args: string[]; notes: string[] }
    try {
      d = (runner === 'docker' ? new DockerRunner({ image }) : new LocalRunner()).describe(spec)
    } catch (err) {
      throw new ApiError('invalid_argument', (err as Error).message)
    }
    const notes = runner === 'farm' ? ['farm: a worker runs this with its own Unity and paths', ...d.notes] : d.notes
    return { executable: d.executable, args: d.args, notes, text: formatCommandLine(d.executable, d.args) }
  },
  'builds-ui.buildTypes': () => {
    const out = {} as Record<BuildType, { description: string; compression: string; defines: string[]; developmentBuild: boolean }>
    for (const [type, d] of Object.entries(BUILD_TYPE_DEFAULTS) as [BuildType, (typeof BUILD_TYPE_DEFAULTS)[BuildType]][]) {
      out[type] = { description: d.description, compression: d.compression, defines: d.defines, developmentBuild: d.options.developmentBuild }
    }
    return out
  },
}
