/**
 * THE write path of the core. Every file SLATE writes, in a project or in its own data folder,
 * goes through here; nothing else in src-main calls fs.writeFile / rename / mkdir on a path.
 *
 * How to use it (for every writer, including the bridge's embedded-package copy):
 *
 *   import { writeFileConfined, mkdirConfined, copyDirConfined, removeConfined } from '../core/confined-fs'
 *   await writeFileConfined(projectRoot, 'Packages/manifest.json', text)          // atomic replace
 *   await writeFileConfined(projectRoot, 'Assets/A.cs.meta', text, { createOnly: true })
 *   await writeFileConfined(dataDir, 'settings.json', json, { mode: 0o600 })      // secrets
 *   await copyDirConfined(projectRoot, 'Packages/com.slate.bridge', bridgePackageDir())
 *   await removeConfined(projectRoot, 'Packages/com.slate.bridge')
 *   writeFileConfinedSync(...)  // the same, for code that is synchronous (meta edits)
 *
 * `root` is the folder writes are confined to; `target` is relative to it (or absolute inside it).
 * Read files with readRegularFile / readConfined (regular files only, never blocks on a FIFO).
 *
 * What it guarantees (a project is untrusted: git stores symlinks, anyone can plant a FIFO):
 * - every component of the target's folder is walked from the real root: a link on the way is
 *   followed only when its real path stays inside the root, anything else is `forbidden_path`;
 *   missing folders are created one at a time, each checked, never with `recursive: true`;
 * - the data goes to a temp file created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW) with a random
 *   name in the target's real folder, is fsynced, and is renamed over the target atomically, so a
 *   crash never leaves half a file and a planted link at the temp name is never followed;
 * - an existing target keeps its permission bits; `mode` sets them exactly (0o600 for secrets);
 * - a target that is a link is replaced where the link really points, if that is inside the root;
 *   a target that is a folder, FIFO, socket or device is refused.
 * Limit: Node has no openat(), so a process racing us on the same machine (swapping a checked
 * folder for a link between the check and the rename) is narrowed (re-checked before the rename),
 * not excluded. Static project content, the threat here, is excluded.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../src-shared/api-error'
import { kindOfFile, readRegularFile, readRegularFileSync } from './regular-file'
import { tempOwnerTag } from './temp-names'

export interface WriteOptions {
  /** Permission bits, set exactly (not masked by the umask), also on an existing file. */
  mode?: number
  /** Refuse (`conflict`) when the target exists; the create is atomic (no overwrite race). */
  createOnly?: boolean
  /** Create missing parent folders, each checked as it is made (default true). */
  mkdirs?: boolean
  /** fsync the data and the folder entry (default true; caches may skip it). */
  durable?: boolean
}

interface Placement {
  realRoot: string
  /** Real path of the folder the file goes in. */
  dir: string
  name: string
  /** The target as the caller named it, for messages. */
  label: string
  existing: fs.Stats | null
}

const C = fs.constants
const NOFOLLOW = C.O_NOFOLLOW ?? 0
const TEMP_FLAGS = C.O_WRONLY | C.O_CREAT | C.O_EXCL | NOFOLLOW

export function isInsideRoot(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))
}

function forbidden(message: string): ApiError {
  return new ApiError('forbidden_path', message)
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw err
  }
}

/** Lexical resolution: the absolute target and its components below the root. */
function lexical(root: string, target: string): { lexRoot: string; abs: string; parts: string[] } {
  if (target.includes('\0') || root.includes('\0')) throw forbidden('Path contains a NUL byte')
  const lexRoot = path.resolve(root)
  const abs = path.resolve(lexRoot, target.replace(/\\/g, '/'))
  if (!isInsideRoot(lexRoot, abs)) throw forbidden(`Path "${target}" is outside ${path.basename(lexRoot)}`)
  const rel = path.relative(lexRoot, abs)
  return { lexRoot, abs, parts: rel === '' ? [] : rel.split(path.sep) }
}

function realRootOf(lexRoot: string): string {
  try {
    return fs.realpathSync.native(lexRoot)
  } catch {
    throw new ApiError('not_found', `${lexRoot} does not exist`)
  }
}

/** Follow a link found on the way, only if it stays inside the root. */
function followInside(realRoot: string, linkPath: string, label: string): string {
  let real: string
  try {
    real = fs.realpathSync.native(linkPath)
  } catch {
    throw forbidden(`"${label}" goes through a link that points nowhere (or in a loop)`)
  }
  if (!isInsideRoot(realRoot, real)) throw forbidden(`"${label}" goes through a link out of the project`)
  return real
}

/** One folder step from a real folder: returns the next real folder, creating it when allowed. */
function stepInto(realRoot: string, dir: string, part: string, label: string, mkdirs: boolean): string {
  const next = path.join(dir, part)
  let st = lstatOrNull(next)
  if (!st) {
    if (!mkdirs) throw new ApiError('not_found', `The folder of "${label}" does not exist`)
    try {
      fs.mkdirSync(next) // never recursive: each new folder is one checked step
      return next
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      st = fs.lstatSync(next) // created meanwhile: check what it is
    }
  }
  if (st.isSymbolicLink()) {
    const real = followInside(realRoot, next, label)
    if (!fs.statSync(real).isDirectory()) throw new ApiError('invalid_argument', `"${label}": a part of its path is not a folder`)
    return real
  }
  if (!st.isDirectory()) throw new ApiError('invalid_argument', `"${label}": a part of its path is not a folder`)
  return next
}

/** Walk to the real folder of `target`, refusing links out of the root. */
function place(root: string, target: string, mkdirs: boolean): Placement {
  const { lexRoot, parts } = lexical(root, target)
  if (parts.length === 0) throw new ApiError('invalid_argument', `"${target}" names the root folder, not a file`)
  const realRoot = realRootOf(lexRoot)
  let dir = realRoot
  for (const part of parts.slice(0, -1)) dir = stepInto(realRoot, dir, part, target, mkdirs)
  let name = parts[parts.length - 1]
  let existing = lstatOrNull(path.join(dir, name))
  if (existing?.isSymbolicLink()) {
    // Write where the link really points (a file the project links to itself), never outside.
    const real = followInside(realRoot, path.join(dir, name), target)
    dir = path.dirname(real)
    name = path.basename(real)
    existing = lstatOrNull(real)
  }
  if (existing && !existing.isFile()) throw new ApiError('invalid_argument', `"${target}" is ${kindOfFile(existing)}, not a regular file`)
  return { realRoot, dir, name, label: target, existing }
}

function tempPath(p: Placement): string {
  // Hidden and ending in .tmp: Unity's importer and SLATE's own walker skip such names. The owner
  // (host tag and pid) is in the name so a later sweep (stale-temps.ts) can tell a temp left by a
  // killed process from one a live writer is filling.
  return path.join(p.dir, `.${p.name.slice(0, 80)}.${tempOwnerTag()}-${crypto.randomBytes(8).toString('hex')}.slate.tmp`)
}

function modeOf(p: Placement, o: WriteOptions): number | undefined {
  return o.mode ?? (p.existing ? p.existing.mode & 0o7777 : undefined)
}

/** The folder must still be the real folder we checked (narrows a swap-for-a-link race). */
function recheck(p: Placement): void {
  let real: string
  try {
    real = fs.realpathSync.native(p.dir)
  } catch {
    throw forbidden(`The folder of "${p.label}" disappeared while writing`)
  }
  if (real !== p.dir || !isInsideRoot(p.realRoot, real)) throw forbidden(`The folder of "${p.label}" changed into a link while writing`)
}

function conflict(p: Placement): ApiError {
  return new ApiError('conflict', `"${p.label}" already exists`)
}

/** Exclusive create from the temp file: link() fails if the name exists; no overwrite window. */
function publishSync(p: Placement, tmp: string, o: WriteOptions): void {
  const target = path.join(p.dir, p.name)
  recheck(p)
  if (!o.createOnly) return fs.renameSync(tmp, target)
  try {
    fs.linkSync(tmp, target)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw conflict(p)
    throw err
  }
  fs.unlinkSync(tmp)
}

async function publish(p: Placement, tmp: string, o: WriteOptions): Promise<void> {
  const target = path.join(p.dir, p.name)
  recheck(p)
  if (!o.createOnly) return fsp.rename(tmp, target)
  try {
    await fsp.link(tmp, target)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw conflict(p)
    throw err
  }
  await fsp.unlink(tmp)
}

function syncDirSync(dir: string): void {
  try {
    const fd = fs.openSync(dir, C.O_RDONLY)
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    // Windows cannot open or fsync a folder; the rename is still atomic there.
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await fsp.open(dir, C.O_RDONLY)
    try {
      await h.sync()
    } finally {
      await h.close()
    }
  } catch {
    // as above
  }
}

/** Write a whole file atomically inside `root`. Returns the real absolute path written. */
export async function writeFileConfined(root: string, target: string, data: string | Uint8Array, o: WriteOptions = {}): Promise<string> {
  const p = place(root, target, o.mkdirs ?? true)
  if (o.createOnly && p.existing) throw conflict(p)
  const tmp = tempPath(p)
  const mode = modeOf(p, o)
  const handle = await fsp.open(tmp, TEMP_FLAGS, mode ?? 0o666)
  try {
    try {
      await handle.writeFile(data)
      if (mode !== undefined) await handle.chmod(mode)
      if (o.durable ?? true) await handle.sync()
    } finally {
      await handle.close()
    }
    await publish(p, tmp, o)
  } catch (err) {
    await fsp.rm(tmp, { force: true })
    throw err
  }
  if (o.durable ?? true) await syncDir(p.dir)
  return path.join(p.dir, p.name)
}

export function writeFileConfinedSync(root: string, target: string, data: string | Uint8Array, o: WriteOptions = {}): string {
  const p = place(root, target, o.mkdirs ?? true)
  if (o.createOnly && p.existing) throw conflict(p)
  const tmp = tempPath(p)
  const mode = modeOf(p, o)
  const fd = fs.openSync(tmp, TEMP_FLAGS, mode ?? 0o666)
  try {
    try {
      fs.writeFileSync(fd, data)
      if (mode !== undefined) fs.fchmodSync(fd, mode)
      if (o.durable ?? true) fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    publishSync(p, tmp, o)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
  if (o.durable ?? true) syncDirSync(p.dir)
  return path.join(p.dir, p.name)
}

/** Create a folder (and missing parents, each checked) inside `root`; returns its real path. */
export function mkdirConfinedSync(root: string, target: string): string {
  const { lexRoot, parts } = lexical(root, target)
  const realRoot = realRootOf(lexRoot)
  let dir = realRoot
  for (const part of parts) dir = stepInto(realRoot, dir, part, target, true)
  return dir
}

export async function mkdirConfined(root: string, target: string): Promise<string> {
  return mkdirConfinedSync(root, target)
}

/**
 * The real path of an existing entry inside `root`, links followed only while they stay inside.
 * For reads: open the result with `noFollow` so a link planted after the check is refused.
 */
export function resolveExistingConfined(root: string, target: string): string {
  const { lexRoot, abs } = lexical(root, target)
  const realRoot = realRootOf(lexRoot)
  let real: string
  try {
    real = fs.realpathSync.native(abs)
  } catch {
    throw new ApiError('not_found', `"${target}" does not exist`)
  }
  if (!isInsideRoot(realRoot, real)) throw forbidden(`"${target}" resolves outside the project`)
  return real
}

/** Read a regular file inside `root` (never through a link out of it, never a FIFO). */
export async function readConfined(root: string, target: string, maxBytes?: number): Promise<Buffer> {
  return readRegularFile(resolveExistingConfined(root, target), { label: target, noFollow: true, maxBytes })
}

export function readConfinedSync(root: string, target: string, maxBytes?: number): Buffer {
  return readRegularFileSync(resolveExistingConfined(root, target), { label: target, noFollow: true, maxBytes })
}

/**
 * Remove a file or a folder tree inside `root`. A link is removed itself, never what it points
 * to; the folder it sits in must be inside the root. Missing targets are fine.
 */
export async function removeConfined(root: string, target: string): Promise<void> {
  let p: Placement
  try {
    const { lexRoot, parts } = lexical(root, target)
    if (parts.length === 0) throw new ApiError('invalid_argument', 'refusing to remove the root folder')
    const realRoot = realRootOf(lexRoot)
    let dir = realRoot
    for (const part of parts.slice(0, -1)) dir = stepInto(realRoot, dir, part, target, false)
    p = { realRoot, dir, name: parts[parts.length - 1], label: target, existing: null }
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') return
    throw err
  }
  recheck(p)
  // fs.rm never follows links inside the tree; the last component is lstat'ed, not followed.
  await fsp.rm(path.join(p.dir, p.name), { recursive: true, force: true })
}

/**
 * Copy a folder tree (SLATE's own files, e.g. the bridge package) into `root`/`target`, every
 * file through the write path. Links and special files in the source are skipped.
 */
export async function copyDirConfined(root: string, target: string, sourceDir: string, filter: (rel: string) => boolean = () => true): Promise<string[]> {
  const written: string[] = []
  const walk = async (rel: string): Promise<void> => {
    const entries = await fsp.readdir(path.join(sourceDir, rel), { withFileTypes: true })
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name
      if (!filter(childRel)) continue
      if (e.isDirectory()) {
        mkdirConfinedSync(root, path.join(target, childRel))
        await walk(childRel)
      } else if (e.isFile()) {
        const data = await readRegularFile(path.join(sourceDir, childRel), { noFollow: true })
        await writeFileConfined(root, path.join(target, childRel), data, { durable: false })
        written.push(childRel)
      }
    }
  }
  mkdirConfinedSync(root, target)
  await walk('')
  return written
}
