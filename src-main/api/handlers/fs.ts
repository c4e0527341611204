import fs from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../../src-shared/contract-kit'
import { toProjectRelative } from '../../core/project-paths'
import type { Handlers } from '../handler'

const MAX_TEXT_BYTES = 32 * 1024 * 1024

export const fsHandlers: Handlers<'fs.read' | 'fs.list'> = {
  'fs.read': async (core, { path: rel }) => {
    const abs = core.resolve(rel)
    const st = await statOrNotFound(abs, rel)
    if (!st.isFile()) throw new ApiError('not_found', `"${rel}" is not a file`)
    if (st.size > MAX_TEXT_BYTES) throw new ApiError('invalid_argument', `"${rel}" is ${st.size} bytes; the limit for text is ${MAX_TEXT_BYTES}`)
    const content = await fs.readFile(abs, 'utf8')
    return { path: toProjectRelative(core.requireProject().root, abs), content, size: st.size, mtimeMs: st.mtimeMs, encoding: 'utf8' }
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
