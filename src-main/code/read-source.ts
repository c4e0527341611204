import fs from 'node:fs'
import path from 'node:path'

/** Scripts and Unity files larger than this are not read for symbols or usages. */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024

/**
 * Read a project file as text for the code index: only regular files (a FIFO or device named
 * *.cs must not block a thread), never through a final symlink, never above the size limit.
 * Returns null when the file cannot be read; callers treat that as "no symbols".
 */
export function readProjectText(root: string, rel: string): string | null {
  if (rel.startsWith('/') || rel.split('/').includes('..')) return null
  return readTextAt(path.join(root, rel))
}

/**
 * A file of the Unity index as text, wherever it is: below the project, or in a package the index
 * reads from outside it (`Packages/<name>/…` of Library/PackageCache, a local `file:` package).
 */
export function readIndexedText(project: { root: string; abs(rel: string): string }, rel: string): string | null {
  if (rel.startsWith('/') || rel.split('/').includes('..')) return null
  return readTextAt(project.abs(rel))
}

/** The same read at a path the core resolved itself (never one from outside). */
export function readTextAt(file: string): string | null {
  let fd: number | null = null
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK)
    const st = fs.fstatSync(fd)
    if (!st.isFile() || st.size > MAX_SOURCE_BYTES) return null
    const buf = Buffer.allocUnsafe(st.size)
    let off = 0
    while (off < st.size) {
      const n = fs.readSync(fd, buf, off, st.size - off, off)
      if (n === 0) break
      off += n
    }
    return buf.toString('utf8', 0, off)
  } catch {
    return null
  } finally {
    if (fd !== null) fs.closeSync(fd)
  }
}
