import type { BuildProfile } from '../../../src-shared/types-builds'
import { buildProfileSchema } from '../../../src-shared/types-builds'
import { validateForProject } from '../../builds/prepare'
import { checkReadiness } from '../../builds/readiness'
import { discoverUnity, realDiscoveryEnv } from '../../builds/unity-discovery'
import type { Handlers } from '../handler'

/** The profile's own rules and this machine's readiness in one answer, for "Ready to build.". */
export const buildReadinessHandlers: Handlers<'builds-readiness.check'> = {
  'builds-readiness.check': async (core, { profile, runner }) => {
    const project = core.requireProject()
    const validation = await validateForProject(project.root, profile)
    const parsed = buildProfileSchema.safeParse(profile)
    if (!parsed.success) return validation
    const data = core.data
    const issues = await checkReadiness({
      projectRoot: project.root,
      profile: parsed.data as BuildProfile,
      runner,
      discovery: discoverUnity(project.unityVersion, realDiscoveryEnv({ settingPath: core.settings.settings.unityPath })),
      farmWorkers: async (target) => (data && data.bus.kind === 'nats' ? ((await data.buildQueue.workers?.(target)) ?? 0) : null),
    })
    const all = [...validation.issues, ...issues]
    return { ok: !all.some((i) => i.severity === 'error'), issues: all }
  },
}
