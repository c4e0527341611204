import zlib from 'node:zlib'
import { mkdirConfinedSync, writeFileConfinedSync } from '../../core/confined-fs'

/**
 * Unpack an npm package tarball (gzip + tar, what Unity's registries serve) into `dest`, which
 * must be a fresh, empty folder. A tarball is untrusted input, so:
 * - sizes are bounded (compressed, unpacked in all, per file, number of entries) before writing;
 * - every path is checked: no absolute paths, no `..`, no drive letters or backslashes, no NUL, and
 *   each file is written through core/confined-fs (folders walked from the real root, links out
 *   refused, exclusive create), so nothing can land outside `dest`;
 * - symbolic and hard links, devices and FIFOs are never created (listed in `skipped`);
 * - the first path component (`package/` in npm tarballs) is removed, as npm and Unity do.
 * Throws TarballError for anything it refuses as a whole.
 */
export interface UnpackLimits {
  maxCompressedBytes: number
  maxUnpackedBytes: number
  maxFileBytes: number
  maxEntries: number
}

export const DEFAULT_LIMITS: UnpackLimits = {
  maxCompressedBytes: 256 * 1024 * 1024,
  maxUnpackedBytes: 1024 * 1024 * 1024,
  maxFileBytes: 512 * 1024 * 1024,
  maxEntries: 100_000,
}

export class TarballError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TarballError'
  }
}

export interface UnpackResult {
  files: number
  bytes: number
  /** Entries not written, with why (links, devices, unsafe names). */
  skipped: { path: string; reason: string }[]
}

function field(buf: Buffer, at: number, len: number): string {
  const end = buf.indexOf(0, at)
  return buf.toString('utf8', at, end >= 0 && end < at + len ? end : at + len)
}

function octal(buf: Buffer, at: number, len: number): number {
  // GNU base-256 for sizes of 8 GiB and more: far above any limit here, refused.
  if (buf[at] & 0x80) throw new TarballError('tar entry size in base-256 (over 8 GiB)')
  const s = field(buf, at, len).trim()
  if (s === '') return 0
  if (!/^[0-7]+$/.test(s)) throw new TarballError(`bad tar number "${s}"`)
  return parseInt(s, 8)
}

function checksumOk(h: Buffer): boolean {
  let sum = 0
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]
  return sum === octal(h, 148, 8)
}

/** PAX extended header records: `<len> <key>=<value>\n`. */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  let k = 0
  while (k < data.length) {
    const sp = data.indexOf(32, k)
    if (sp < 0) break
    const len = Number(data.toString('utf8', k, sp))
    if (!Number.isInteger(len) || len <= 0 || k + len > data.length) break
    const rec = data.toString('utf8', sp + 1, k + len - 1)
    const eq = rec.indexOf('=')
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1)
    k += len
  }
  return out
}

/** The entry's path inside the package (first component dropped), or null with a reason. */
export function safeEntryPath(raw: string): { path: string } | { reason: string } {
  if (raw.includes('\0')) return { reason: 'NUL in the name' }
  if (raw.includes('\\')) return { reason: 'backslash in the name' }
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return { reason: 'absolute path' }
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.some((p) => p === '..')) return { reason: 'path leaves the package (..)' }
  parts.shift()
  if (parts.length === 0) return { path: '' }
  return { path: parts.join('/') }
}

export function unpackTarball(tgz: Buffer, dest: string, limits: UnpackLimits = DEFAULT_LIMITS): UnpackResult {
  if (tgz.length > limits.maxCompressedBytes) throw new TarballError(`the tarball is ${tgz.length} bytes, over the ${limits.maxCompressedBytes}-byte limit`)
  let tar: Buffer
  try {
    tar = zlib.gunzipSync(tgz, { maxOutputLength: limits.maxUnpackedBytes + 1024 * 1024 })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new TarballError(code === 'ERR_BUFFER_TOO_LARGE' ? `the tarball unpacks to more than ${limits.maxUnpackedBytes} bytes` : `not a gzip file: ${(err as Error).message}`)
  }
  const result: UnpackResult = { files: 0, bytes: 0, skipped: [] }
  let k = 0
  let entries = 0
  let pending: { path?: string; size?: number } = {}
  let globalPax: Record<string, string> = {}
  while (k + 512 <= tar.length) {
    const h = tar.subarray(k, k + 512)
    if (h.every((b) => b === 0)) break // end of archive
    if (!checksumOk(h)) throw new TarballError(`damaged tar header at byte ${k}`)
    if (++entries > limits.maxEntries) throw new TarballError(`more than ${limits.maxEntries} entries`)
    const type = String.fromCharCode(h[156] || 48)
    let size = octal(h, 124, 12)
    const ustar = h.toString('latin1', 257, 262) === 'ustar'
    const prefix = ustar ? field(h, 345, 155) : ''
    let name = field(h, 0, 100)
    if (prefix) name = `${prefix}/${name}`
    const dataStart = k + 512
    if (pending.size !== undefined) size = pending.size
    if (dataStart + size > tar.length) throw new TarballError(`tar entry "${name}" is cut short`)
    const data = tar.subarray(dataStart, dataStart + size)
    k = dataStart + Math.ceil(size / 512) * 512
    if (type === 'x' || type === 'g') {
      const rec = paxRecords(data)
      if (type === 'g') globalPax = { ...globalPax, ...rec }
      else pending = { path: rec.path, size: rec.size !== undefined ? Number(rec.size) : undefined }
      continue
    }
    if (type === 'L') {
      pending = { ...pending, path: data.toString('utf8').replace(/\0+$/, '') }
      continue
    }
    const fullName = pending.path ?? globalPax.path ?? name
    pending = {}
    const safe = safeEntryPath(fullName)
    if ('reason' in safe) {
      result.skipped.push({ path: fullName, reason: safe.reason })
      continue
    }
    if (type === '5') {
      if (safe.path) mkdirConfinedSync(dest, safe.path)
      continue
    }
    if (type !== '0' && type !== '7') {
      const what = type === '1' ? 'hard link' : type === '2' ? 'symbolic link' : `entry type ${type}`
      result.skipped.push({ path: fullName, reason: `${what}: never created` })
      continue
    }
    if (!safe.path) continue
    if (size > limits.maxFileBytes) throw new TarballError(`"${safe.path}" is ${size} bytes, over the ${limits.maxFileBytes}-byte limit`)
    result.bytes += size
    if (result.bytes > limits.maxUnpackedBytes) throw new TarballError(`the package unpacks to more than ${limits.maxUnpackedBytes} bytes`)
    try {
      writeFileConfinedSync(dest, safe.path, data, { createOnly: true, durable: false, mode: 0o644 })
    } catch (err) {
      result.skipped.push({ path: fullName, reason: (err as Error).message })
      continue
    }
    result.files++
  }
  return result
}
