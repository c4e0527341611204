import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../src-shared/contract-kit'

export const MAX_EDITABLE_BYTES = 32 * 1024 * 1024

export interface TextSnapshot {
  content: string
  size: number
  mtimeMs: number
  /** sha256 of the bytes on disk: the version the editor opened. */
  hash: string
  /** The file holds NUL bytes in its first 8 KB: shown, never saved back as text. */
  binary: boolean
}

export function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex')
}

export async function readTextFile(abs: string, rel: string): Promise<TextSnapshot> {
  let st
  try {
    st = await fs.stat(abs)
  } catch {
    throw new ApiError('not_found', `"${rel}" does not exist in the project`)
  }
  if (!st.isFile()) throw new ApiError('not_found', `"${rel}" is not a file`)
  if (st.size > MAX_EDITABLE_BYTES) throw new ApiError('invalid_argument', `"${rel}" is ${st.size} bytes; the editor opens files up to ${MAX_EDITABLE_BYTES}`)
  const buf = await fs.readFile(abs)
  const head = buf.subarray(0, 8192)
  return { content: buf.toString('utf8'), size: st.size, mtimeMs: st.mtimeMs, hash: sha256(buf), binary: head.includes(0) }
}

export interface SaveRequest {
  content: string
  /** The hash the editor opened (or last saved); null for a new file that must not exist yet. */
  baseHash: string | null
  /** Overwrite even when the file changed on disk (the user chose "overwrite" after a conflict). */
  force?: boolean
}

export interface SaveResult {
  size: number
  mtimeMs: number
  hash: string
}

/**
 * Atomic save: write a temporary file next to the target, flush it, then rename it over the
 * target, so a crash never leaves half a file. Before writing, the bytes on disk are compared to
 * the version the editor opened (by hash: mtime alone lies on coarse-timestamp file systems and
 * after `git checkout` restoring the same content). A mismatch is a `conflict` error carrying the
 * disk version's hash, and nothing is written.
 */
export async function saveTextFile(abs: string, rel: string, req: SaveRequest): Promise<SaveResult> {
  let current: Buffer | null = null
  try {
    current = await fs.readFile(abs)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (!req.force) {
    const diskHash = current ? sha256(current) : null
    if (diskHash !== req.baseHash) {
      throw new ApiError(
        'conflict',
        current === null
          ? `"${rel}" was deleted on disk since you opened it`
          : `"${rel}" changed on disk since you opened it; reload it or compare before saving`,
        { diskHash },
      )
    }
  }
  const data = Buffer.from(req.content, 'utf8')
  const dir = path.dirname(abs)
  const tmp = path.join(dir, `.${path.basename(abs)}.slate-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`)
  const mode = current ? (await fs.stat(abs).catch(() => null))?.mode : undefined
  const handle = await fs.open(tmp, 'wx', mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await fs.rename(tmp, abs)
  } catch (err) {
    await fs.rm(tmp, { force: true })
    throw err
  }
  const st = await fs.stat(abs)
  return { size: st.size, mtimeMs: st.mtimeMs, hash: sha256(data) }
}
