import type { packagesCalls } from '../../../src-shared/contract-packages'
import { fetchInputOf, fetchMissingPackages } from '../../unity/packages/fetch-packages'
import type { Handlers } from '../handler'

type PackagesCalls = keyof typeof packagesCalls

export const packagesHandlers: Handlers<PackagesCalls> = {
  'packages.fetch': async (core, { registry }) => {
    core.requireProject()
    const project = await core.unity.get()
    const report = await fetchMissingPackages(fetchInputOf(project), { cacheDir: core.unity.packageCacheDir, defaultRegistry: registry ?? null })
    // Re-read the project so the packages now in the cache are indexed (index.changed tells the UI).
    if (report.fetched > 0) await core.unity.reload()
    return report
  },
}
