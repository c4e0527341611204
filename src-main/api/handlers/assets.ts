import path from 'node:path'
import type { Handlers } from '../handler'
import type { SlateCore } from '../../host/slate-core'
import { toProjectRelative } from '../../core/project-paths'
import { resolveExistingConfined } from '../../core/confined-fs'
import { AssetCatalog } from '../../assets/asset-catalog'
import { ThumbnailService } from '../../assets/thumbnails'
import { defineService } from '../../core/service-registry'
import type { UnityProject } from '../../unity/unity-project'

interface AssetsState {
  thumbs: ThumbnailService
  catalog: { project: UnityProject; catalog: AssetCatalog } | null
}
/** The asset browser's state on a core: thumbnails, and the catalog of the open project's index. */
const assetsService = defineService<AssetsState, SlateCore>({
  name: 'assets',
  create(core) {
    const created: AssetsState = { thumbs: new ThumbnailService(path.join(core.dataDir, 'thumbnails')), catalog: null }
    // The watcher changed the index: rebuild the catalog on the next request, not now.
    core.events.on('index.changed', () => (created.catalog = null))
    return created
  },
  projectChanged: (s) => (s.catalog = null),
})
const state = (core: SlateCore) => core.service(assetsService)

async function catalog(core: SlateCore): Promise<AssetCatalog> {
  core.requireProject()
  const project = await core.unity.get()
  const s = state(core)
  if (!s.catalog || s.catalog.project !== project) s.catalog = { project, catalog: new AssetCatalog(project) }
  return s.catalog.catalog
}

export const assetsHandlers: Handlers<'assets.thumbnail' | 'assets.search' | 'assets.tree'> = {
  'assets.thumbnail': async (core, { path: rel, size }) => {
    // A package's asset lives in its own folder (Library/PackageCache, SLATE's cache, …): the
    // index maps its Packages/<name> path there, confined to that package folder.
    const relInIndex = rel.replace(/^\/+/, '')
    const pkg = relInIndex.startsWith('Packages/') ? (await core.unity.get()).externalOf(relInIndex) : null
    if (pkg) {
      const abs = resolveExistingConfined(pkg.dir, relInIndex.slice(pkg.virtualRoot.length + 1))
      return state(core).thumbs.get(abs, relInIndex, size)
    }
    const abs = core.resolve(rel)
    return state(core).thumbs.get(abs, toProjectRelative(core.requireProject().root, abs), size)
  },
  'assets.search': async (core, { query, folder, offset, limit }) => {
    const f = folder ? toProjectRelative(core.requireProject().root, core.resolve(folder)) : null
    return (await catalog(core)).search({ query, folder: f, offset, limit })
  },
  'assets.tree': async (core) => (await catalog(core)).tree(),
}
