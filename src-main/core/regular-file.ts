import fs from 'node:fs'
import fsp from 'node:fs/promises'
import { ApiError } from '../../src-shared/api-error'

/**
 * The one read path of the core: open, then fstat the open descriptor, and hand back only a
 * regular file. A project is untrusted input and can hold FIFOs, sockets and device nodes under
 * any name (a FIFO called `icon.png` or `Editor.log`); opening a FIFO for reading without
 * O_NONBLOCK waits for a writer forever and holds one of libuv's four pool threads, so after
 * four every file call of the process stalls. O_NONBLOCK makes that open return at once (it has
 * no effect on regular files); the fstat then refuses what is not a regular file.
 */

const C = fs.constants
/** O_NOFOLLOW and O_NONBLOCK do not exist on Windows, where neither FIFOs nor this race apply. */
const NOFOLLOW = C.O_NOFOLLOW ?? 0
const READ_FLAGS = C.O_RDONLY | (C.O_NONBLOCK ?? 0)
/**
 * For hot loops that do their own open + fstat (the index reads 100k files): open with these
 * flags, then skip the file unless `fstat(fd).isFile()`. Never a plain 'r' on a project path.
 */
export const NONBLOCKING_READ_FLAGS = READ_FLAGS

export interface OpenOptions {
  /** How the file is named in errors (a project-relative path); the absolute path otherwise. */
  label?: string
  /** Refuse a symbolic link as the last component (for paths already resolved to their real path). */
  noFollow?: boolean
}

export interface ReadOptions extends OpenOptions {
  /** Refuse files larger than this (before reading a byte). */
  maxBytes?: number
}

/** What a non-regular file is, in words. */
export function kindOfFile(st: fs.Stats): string {
  if (st.isFile()) return 'a regular file'
  if (st.isDirectory()) return 'a folder'
  if (st.isFIFO()) return 'a FIFO (named pipe)'
  if (st.isSocket()) return 'a socket'
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device'
  if (st.isSymbolicLink()) return 'a symbolic link'
  return 'not a regular file'
}

function notRegular(label: string, st: fs.Stats): ApiError {
  return new ApiError('invalid_argument', `"${label}" is ${kindOfFile(st)}, not a regular file; SLATE opens only regular files`)
}

function openError(label: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ApiError('not_found', `"${label}" does not exist`)
  if (code === 'ELOOP') return new ApiError('forbidden_path', `"${label}" is a symbolic link`)
  if (code === 'EISDIR') return new ApiError('invalid_argument', `"${label}" is a folder, not a regular file`)
  if (code === 'ENXIO' || code === 'EOPNOTSUPP') return new ApiError('invalid_argument', `"${label}" is a socket or device, not a regular file`)
  return err
}

function flags(o: OpenOptions): number {
  return READ_FLAGS | (o.noFollow ? NOFOLLOW : 0)
}

/** Open a regular file for reading; the caller closes the handle. */
export async function openRegularFile(abs: string, o: OpenOptions = {}): Promise<fsp.FileHandle> {
  const label = o.label ?? abs
  let handle: fsp.FileHandle
  try {
    handle = await fsp.open(abs, flags(o))
  } catch (err) {
    throw openError(label, err)
  }
  try {
    const st = await handle.stat()
    if (!st.isFile()) throw notRegular(label, st)
    return handle
  } catch (err) {
    await handle.close()
    throw err
  }
}

/** The whole content of a regular file. */
export async function readRegularFile(abs: string, o: ReadOptions = {}): Promise<Buffer> {
  const handle = await openRegularFile(abs, o)
  try {
    if (o.maxBytes !== undefined) {
      const { size } = await handle.stat()
      if (size > o.maxBytes) throw new ApiError('invalid_argument', `"${o.label ?? abs}" is ${size} bytes; the limit is ${o.maxBytes}`)
    }
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

/** Synchronous twin of openRegularFile, for the index workers that read thousands of small files. */
export function openRegularFileSync(abs: string, o: OpenOptions = {}): number {
  const label = o.label ?? abs
  let fd: number
  try {
    fd = fs.openSync(abs, flags(o))
  } catch (err) {
    throw openError(label, err)
  }
  try {
    const st = fs.fstatSync(fd)
    if (!st.isFile()) throw notRegular(label, st)
    return fd
  } catch (err) {
    fs.closeSync(fd)
    throw err
  }
}

export function readRegularFileSync(abs: string, o: ReadOptions = {}): Buffer {
  const fd = openRegularFileSync(abs, o)
  try {
    if (o.maxBytes !== undefined) {
      const { size } = fs.fstatSync(fd)
      if (size > o.maxBytes) throw new ApiError('invalid_argument', `"${o.label ?? abs}" is ${size} bytes; the limit is ${o.maxBytes}`)
    }
    return fs.readFileSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}
