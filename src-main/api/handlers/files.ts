import type { Handlers } from '../handler'
import type { SlateCore } from '../../host/slate-core'
import { toProjectRelative } from '../../core/project-paths'
import { FileListCache } from '../../files/file-list'
import { findInFiles } from '../../files/find-in-files'
import { defineService } from '../../core/service-registry'
import { readTextFile, saveTextFile } from '../../files/text-file'

/** The project's file list for quick open, kept until files are created, renamed or deleted. */
const fileListService = defineService<FileListCache, SlateCore>({
  name: 'file list',
  create(core) {
    const cache = new FileListCache()
    // Files created, renamed or deleted (the watcher's events) show up in the next quick open.
    core.events.on('index.changed', (e) => {
      if (e.removed.length > 0 || e.changed.some((p) => !p.endsWith('.meta'))) cache.invalidate()
    })
    return cache
  },
  projectChanged: (cache) => cache.invalidate(),
})
const fileList = (core: SlateCore) => core.service(fileListService)

export const filesHandlers: Handlers<'files.open' | 'files.save' | 'files.list' | 'files.find'> = {
  'files.open': async (core, { path: rel }) => {
    const abs = core.resolve(rel)
    const snap = await readTextFile(core.requireProject().root, abs, rel)
    return { path: toProjectRelative(core.requireProject().root, abs), ...snap }
  },
  'files.save': async (core, { path: rel, content, baseHash, force }) => {
    const abs = core.resolve(rel)
    const result = await saveTextFile(core.requireProject().root, abs, rel, { content, baseHash, force })
    if (baseHash === null) fileList(core).invalidate()
    return { path: toProjectRelative(core.requireProject().root, abs), ...result }
  },
  'files.list': async (core, { refresh }) => {
    const cache = fileList(core)
    if (refresh) cache.invalidate()
    return cache.get(core.requireProject().root)
  },
  'files.find': (core, args, { signal }) => findInFiles(core.requireProject().root, args, { signal }),
}
