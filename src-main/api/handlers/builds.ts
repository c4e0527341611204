import { ApiError } from '../../../src-shared/contract-kit'
import type { BuildProfile } from '../../../src-shared/types-builds'
import { changeBridge } from '../../builds/bridge-package'
import { readBuildLog } from '../../builds/build-log'
import { defaultProfile, loadProfiles, saveProfiles, upsertProfile } from '../../builds/profiles'
import { validateForProject } from '../../builds/prepare'
import { readBuildSettingsScenes } from '../../builds/scenes'
import { buildServiceOf } from '../../builds/service'
import { discoverUnity, realDiscoveryEnv } from '../../builds/unity-discovery'
import type { Handlers } from '../handler'

type BuildCalls =
  | 'builds.profiles.list'
  | 'builds.profiles.default'
  | 'builds.profiles.validate'
  | 'builds.profiles.save'
  | 'builds.profiles.delete'
  | 'builds.scenes'
  | 'builds.unity'
  | 'builds.start'
  | 'builds.cancel'
  | 'builds.running'
  | 'builds.history.list'
  | 'builds.history.get'
  | 'builds.log'
  | 'builds.bridge.preview'
  | 'builds.bridge.apply'

function asApiError(err: unknown): never {
  if (err instanceof ApiError) throw err
  throw new ApiError('invalid_argument', (err as Error).message)
}

export const buildsHandlers: Handlers<BuildCalls> = {
  'builds.profiles.list': (core) => loadProfiles(core.requireProject().root),
  'builds.profiles.default': (core, { target, type }) => {
    const p = core.requireProject()
    return defaultProfile(target, type, p.productName ?? p.folderName)
  },
  'builds.profiles.validate': (core, { profile }) => validateForProject(core.requireProject().root, profile),
  'builds.profiles.save': async (core, { profile }) => {
    const root = core.requireProject().root
    const validation = await validateForProject(root, profile)
    if (!validation.ok) throw new ApiError('invalid_argument', 'The profile has errors; see details.', validation)
    return { profiles: await upsertProfile(root, profile as BuildProfile), validation }
  },
  'builds.profiles.delete': async (core, { id }) => {
    const root = core.requireProject().root
    const rest = (await loadProfiles(root)).filter((p) => p.id !== id)
    await saveProfiles(root, rest)
    return rest
  },
  'builds.scenes': (core) => readBuildSettingsScenes(core.requireProject().root),
  'builds.unity': (core) => {
    const p = core.requireProject()
    return discoverUnity(p.unityVersion, realDiscoveryEnv({ settingPath: core.settings.settings.unityPath }))
  },
  'builds.start': (core, { profile, runner, image }) => buildServiceOf(core).start(profile as BuildProfile, runner, { image }),
  'builds.cancel': async (core, { jobId }) => ({ cancelled: await buildServiceOf(core).cancel(jobId) }),
  'builds.running': (core) => buildServiceOf(core).runningJobs(),
  'builds.history.list': (core, filter) => buildServiceOf(core).history.list({ ...filter, projectRoot: core.requireProject().root }),
  'builds.history.get': async (core, { jobId }) => {
    const job = await buildServiceOf(core).history.get(jobId)
    if (!job || job.projectRoot !== core.requireProject().root) throw new ApiError('not_found', `No build ${jobId} in this project`)
    return job
  },
  'builds.log': (core, { jobId, fromLine, limit }) => readBuildLog(core.dataDir, jobId, fromLine, limit),
  'builds.bridge.preview': (core, { action }) => changeBridge(core.requireProject().root, action, { apply: false }).catch(asApiError),
  'builds.bridge.apply': (core, { action, expectedBefore }) =>
    changeBridge(core.requireProject().root, action, { apply: true, expectedBefore }).catch((err: Error) => {
      if (/changed since the preview/.test(err.message)) throw new ApiError('conflict', err.message)
      asApiError(err)
    }),
}
