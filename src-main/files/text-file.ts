import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import { ApiError } from '../../src-shared/contract-kit'
import { resolveExistingConfined, writeFileConfined } from '../core/confined-fs'
import { openRegularFile, readRegularFile } from '../core/regular-file'
import { decodeText, encodeText, type TextFormat } from './text-format'

export const MAX_EDITABLE_BYTES = 32 * 1024 * 1024

export interface TextSnapshot extends TextFormat {
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

/**
 * Open a text file for the editor through the read path (regular files only: a FIFO is refused,
 * never waited on). The BOM is not part of the text; `format` says how the file is written.
 */
export async function readTextFile(root: string, abs: string, rel: string): Promise<TextSnapshot> {
  const real = resolveExistingConfined(root, abs)
  const handle = await openRegularFile(real, { label: rel, noFollow: true })
  try {
    const st = await handle.stat()
    if (st.size > MAX_EDITABLE_BYTES) throw new ApiError('invalid_argument', `"${rel}" is ${st.size} bytes; the editor opens files up to ${MAX_EDITABLE_BYTES}`)
    const buf = await handle.readFile()
    const head = buf.subarray(0, 8192)
    const { text, format } = decodeText(buf)
    return { content: text, size: st.size, mtimeMs: st.mtimeMs, hash: sha256(buf), binary: head.includes(0), ...format }
  } finally {
    await handle.close()
  }
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
 * Atomic save through the core's write path (confined to the project, exclusive temp file,
 * fsync, rename), so a crash never leaves half a file. Before writing, the bytes on disk are compared to
 * the version the editor opened (by hash: mtime alone lies on coarse-timestamp file systems and
 * after `git checkout` restoring the same content). A mismatch is a `conflict` error carrying the
 * disk version's hash, and nothing is written.
 */
export async function saveTextFile(root: string, abs: string, rel: string, req: SaveRequest): Promise<SaveResult> {
  let current: Buffer | null = null
  try {
    current = await readRegularFile(resolveExistingConfined(root, abs), { label: rel, noFollow: true })
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'not_found')) throw err
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
  // A new file is written as the editor sent it; an existing one keeps its BOM and line endings.
  const data = current ? encodeText(req.content, decodeText(current).format) : Buffer.from(req.content, 'utf8')
  // baseHash null = a new file: created exclusively, so a file appearing meanwhile is not replaced.
  const written = await writeFileConfined(root, abs, data, { createOnly: current === null && !req.force })
  const st = await fs.stat(written)
  return { size: st.size, mtimeMs: st.mtimeMs, hash: sha256(data) }
}
