import path from 'node:path'
import type { Handlers } from '../registry'
import type { SlateCore } from '../../core/slate-core'
import { toProjectRelative } from '../../core/project-paths'
import { ThumbnailService } from '../../assets/thumbnails'

const thumbs = new WeakMap<SlateCore, ThumbnailService>()
function thumbnails(core: SlateCore): ThumbnailService {
  let t = thumbs.get(core)
  if (!t) thumbs.set(core, (t = new ThumbnailService(path.join(core.dataDir, 'thumbnails'))))
  return t
}

export const assetsHandlers: Handlers<'assets.thumbnail'> = {
  'assets.thumbnail': async (core, { path: rel, size }) => {
    const abs = core.resolve(rel)
    return thumbnails(core).get(abs, toProjectRelative(core.requireProject().root, abs), size)
  },
}
