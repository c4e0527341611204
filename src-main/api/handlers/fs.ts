import fs from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../../src-shared/contract-kit'
import { resolveExistingConfined } from '../../core/confined-fs'
import { toProjectRelative } from '../../core/project-paths'
import { openRegularFile } from '../../core/regular-file'
import type { Handlers } from '../handler'

const MAX_TEXT_BYTES = 32 * 1024 * 1024

export const fsHandlers: Handlers<'fs.read' | 'fs.list'> = {
  'fs.read': async (core, { path: rel }) => {
    const abs = core.resolve(rel)
    // The read path: a regular file inside the project (a FIFO is refused, never waited on).
    const handle = await openRegularFile(resolveExistingConfined(core.requireProject().root, abs), { label: rel, noFollow: true })
    try {
      const st = await handle.stat()
      if (st.size > MAX_TEXT_BYTES) throw new ApiError('invalid_argument', `"${rel}" is ${st.size} bytes; the limit for text is ${MAX_TEXT_BYTES}`)
      const content = (await handle.readFile()).toString('utf8')
      return { path: toProjectRelative(core.requireProject().root, abs), content, size: st.size, mtimeMs: st.mtimeMs, encoding: 'utf8' }
    } finally {
      await handle.close()
    }
  },
  'fs.list': async (core, { path: rel }) => {
    const abs = core.resolve(rel || '.')
    const root = core.requireProject().root
    await statOrNotFound(abs, rel)
    const entries = await fs.readdir(abs, { withFileTypes: true })
    const out = await Promise.all(
      entries.map(async (e) => {
        const full = path.join(abs, e.name)
        const size = e.isFile() ? (await fs.stat(full).catch(() => ({ size: 0 }))).size : 0
        return { name: e.name, path: toProjectRelative(root, full), kind: e.isDirectory() ? ('dir' as const) : ('file' as const), size }
      }),
    )
    return out.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1))
  },
}

async function statOrNotFound(abs: string, rel: string) {
  try {
    return await fs.stat(abs)
  } catch {
    throw new ApiError('not_found', `"${rel}" does not exist in the project`)
  }
}
