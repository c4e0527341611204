import fs from 'node:fs'
import { NONBLOCKING_READ_FLAGS } from '../../core/regular-file'
import { classifyBytes, firstClassId, guidString, scanGuidIds, sharedGuidTable, type Storage } from '../scan/guid-scan'
import type { StringTable } from '../scan/string-table'
import { binaryMainClassId, isMediaExtension } from '../asset-types'
import { serializedClassIds } from '../scan/serialized-file'
import { mainClassId } from '../scan/main-class-id'
import { importerMainClass } from './importer-main-class'

/**
 * What the index keeps per file. Small, plain and JSON-serializable: this is also the persisted
 * cache's record, so a reopen re-reads only files whose size or mtime changed.
 */
export interface FileFacts {
  /** Project-relative, forward slashes. */
  path: string
  size: number
  mtimeMs: number
  storage: Storage
  /** Class ID of the first document (Unity YAML only). */
  classId: string | null
  /** Distinct referenced GUIDs, in first-seen order… */
  refs: string[]
  /** …and how often each occurs (parallel arrays: far less garbage than one pair per edge). */
  counts: number[]
  occurrences: number
}

export interface MetaFacts {
  /** Path of the `.meta` file itself. */
  path: string
  size: number
  mtimeMs: number
  guids: string[]
  folder: boolean
  importer: string | null
  /**
   * The class of the asset's main object as its importer will make it (importer-main-class.ts):
   * `Sprite` for a texture imported as sprites, `Texture2D`, `AudioClip`, the class a
   * NativeFormatImporter's mainObjectFileID names, … Null when the .meta does not say.
   */
  mainClass: string | null
  conflict: boolean
  /** The file is not a `.meta` Unity could read (no GUID, binary, …). */
  problem: string | null
}

export interface Stat {
  size: number
  mtimeMs: number
}

const LFS_MAX = 1024
/** Shared by every file without references (never mutated): one allocation instead of two per file. */
export const NO_REFS: string[] = []
export const NO_COUNTS: number[] = []
const HEAD = 64 * 1024

/**
 * One buffer reused for every read: the index reads tens of thousands of files back to back, and
 * allocating a Buffer per file made the garbage collector the biggest cost. Callers must copy
 * anything they keep (scanGuids/metaFacts produce strings, so they do).
 */
let shared = Buffer.allocUnsafe(1 << 20)

interface Loaded {
  buf: Buffer
  size: number
  mtimeMs: number
  /** The rest was not read: the head is binary. */
  partial: boolean
}

/** A NUL among the first `n` bytes (the shared buffer holds stale bytes past the file's end). */
function hasNul(buf: Buffer, n: number): boolean {
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true
  return false
}

/**
 * open + fstat + read + close: the size and mtime come from the open file, so the directory walk
 * need not stat. Binary content is detected on the first 64 KiB and the rest is then skipped,
 * as ripgrep does. Untimed (`timed` false: a one-shot index that keeps no cache and so never
 * compares mtimes) it skips the fstat, a quarter of the syscalls per file: the size is what was
 * read, and mtimeMs is 0.
 */
function load(abs: string, stopIfBinary: boolean, timed = true): Loaded | null {
  let fd: number
  try {
    // Non-blocking open + fstat: a FIFO among the assets must not hang this thread for ever.
    fd = fs.openSync(abs, NONBLOCKING_READ_FLAGS)
  } catch {
    return null
  }
  try {
    if (!timed) return loadUntimed(fd, stopIfBinary)
    const st = fs.fstatSync(fd)
    if (!st.isFile()) return null
    const size = st.size
    if (size > shared.length) shared = Buffer.allocUnsafe(Math.max(size, shared.length * 2))
    let off = 0
    let want = stopIfBinary ? Math.min(size, HEAD) : size
    for (;;) {
      while (off < want) {
        const n = fs.readSync(fd, shared, off, want - off, off)
        if (n === 0) break
        off += n
      }
      if (want === size || off < want) break
      if (hasNul(shared, Math.min(off, 8192))) return { buf: shared.subarray(0, off), size, mtimeMs: st.mtimeMs, partial: true }
      want = size
    }
    return { buf: shared.subarray(0, off), size, mtimeMs: st.mtimeMs, partial: false }
  } catch {
    return null
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Read to the end without knowing the size: a short read is the end (regular files; what is not
 * one fails the read: a FIFO opened non-blocking gives EAGAIN, a folder EISDIR, and the walk lists
 * regular files only). A binary head still stops the read; only then is the size asked for.
 */
function loadUntimed(fd: number, stopIfBinary: boolean): Loaded {
  let off = 0
  let want = stopIfBinary ? HEAD : shared.length
  for (;;) {
    if (want > shared.length) {
      const grown = Buffer.allocUnsafe(Math.max(want, shared.length * 2))
      shared.copy(grown, 0, 0, off)
      shared = grown
    }
    const n = fs.readSync(fd, shared, off, want - off, off)
    off += n
    if (off < want) return { buf: shared.subarray(0, off), size: off, mtimeMs: 0, partial: false }
    if (stopIfBinary && off === HEAD && hasNul(shared, 8192)) {
      return { buf: shared.subarray(0, off), size: fs.fstatSync(fd).size, mtimeMs: 0, partial: true }
    }
    want = Math.max(shared.length, off * 2)
  }
}

/** What scanning one asset file learns, references as ids in a StringTable (reused per file). */
export interface ScannedFile {
  size: number
  mtimeMs: number
  storage: Storage
  classId: string | null
  /** Distinct referenced GUIDs' ids in first-seen order, and how often each occurs. */
  ids: number[]
  counts: number[]
  occurrences: number
  bytesRead: number
}

export function newScannedFile(): ScannedFile {
  return { size: 0, mtimeMs: 0, storage: 'empty', classId: null, ids: [], counts: [], occurrences: 0, bytesRead: 0 }
}

function setScanned(out: ScannedFile, size: number, mtimeMs: number, storage: Storage, bytesRead: number): ScannedFile {
  out.size = size
  out.mtimeMs = mtimeMs
  out.storage = storage
  out.classId = null
  out.ids.length = 0
  out.counts.length = 0
  out.occurrences = 0
  out.bytesRead = bytesRead
  return out
}

/**
 * Read and scan one asset file into `out` (reused: the worker scans 100k files with one). `st` is
 * the size/mtime when the caller already has them (watcher, cache check); otherwise they come from
 * the open file. Never throws: an unreadable file comes back as `empty`.
 */
export function scanFile(abs: string, rel: string, st: Stat | undefined, table: StringTable, out: ScannedFile, timed = true): ScannedFile {
  if (isMediaExtension(rel)) {
    let known = st
    if (!known) {
      try {
        const s = fs.statSync(abs)
        known = { size: s.size, mtimeMs: s.mtimeMs }
      } catch {
        known = { size: 0, mtimeMs: 0 }
      }
    }
    if (known.size > LFS_MAX) return setScanned(out, known.size, known.mtimeMs, 'binary', 0)
  }
  const loaded = load(abs, true, timed)
  if (!loaded) return setScanned(out, st?.size ?? 0, st?.mtimeMs ?? 0, 'empty', 0)
  const { buf } = loaded
  const storage = classifyBytes(buf)
  setScanned(out, loaded.size, loaded.mtimeMs, storage, buf.length)
  if (storage === 'binary') {
    out.classId = binaryMainClassId(serializedClassIds(buf))
    return out
  }
  if (storage === 'lfs' || storage === 'empty') return out
  // The main object (mainClassId) for native assets; scenes and prefabs: the first document.
  out.classId = storage !== 'yaml' ? null : isSceneOrPrefab(rel) ? firstClassId(buf) : (mainClassId(buf) ?? firstClassId(buf))
  out.occurrences = scanGuidIds(buf, table, out.ids, out.counts)
  return out
}

function isSceneOrPrefab(rel: string): boolean {
  return rel.endsWith('.unity') || rel.endsWith('.prefab')
}

const scratch = newScannedFile()

/**
 * scanFile with the references as (shared) GUID strings: the record the index keeps. Pass
 * `scanned` to learn more (bytes read). No spread or rest on these records anywhere on the hot
 * path: V8 copies `{ ...base, more }` property by property, which cost 3 µs per .meta.
 */
export function readFileFacts(abs: string, rel: string, st?: Stat, scanned: ScannedFile = scratch, timed = true): FileFacts {
  const table = sharedGuidTable()
  const s = scanFile(abs, rel, st, table, scanned, timed)
  let refs = NO_REFS
  let counts = NO_COUNTS
  if (s.ids.length > 0) {
    refs = s.ids.map((id) => table.strings[id])
    counts = s.counts.slice()
  }
  return { path: rel, size: s.size, mtimeMs: s.mtimeMs, storage: s.storage, classId: s.classId, refs, counts, occurrences: s.occurrences }
}

/**
 * The index needs only GUID, folder flag and importer name from a `.meta`, which exact line
 * matches give without building a YAML tree (parseMeta does that on demand for import settings).
 */
export function readMetaFacts(abs: string, rel: string, st?: Stat, timed = true): MetaFacts {
  const loaded = load(abs, false, timed)
  if (!loaded) {
    return { path: rel, size: st?.size ?? 0, mtimeMs: st?.mtimeMs ?? 0, guids: [], folder: false, importer: null, mainClass: null, conflict: false, problem: 'cannot be read' }
  }
  return metaFactsFromBuffer(loaded.buf, { path: rel, size: loaded.size, mtimeMs: loaded.mtimeMs })
}

/**
 * Byte-level, because the index reads one .meta per asset: no string of the whole file, no regex.
 * Same rules as the line patterns `^guid:[ \t]*<32 hex>[ \t]*$`, `^\w*Importer:`,
 * `^folderAsset:[ \t]*yes`, and conflict markers `^(<<<<<<<|=======|>>>>>>>)( |$)`
 * (meta-facts.test.ts checks them against those regexes).
 */
const B_GUID = Buffer.from('guid:', 'latin1')
const B_IMPORTER = Buffer.from('Importer:', 'latin1')
const B_FOLDER = Buffer.from('folderAsset:', 'latin1')
const B_MARKERS = ['<<<<<<<', '=======', '>>>>>>>'].map((m) => Buffer.from(m, 'latin1'))

export function metaFactsFromBuffer(buf: Buffer, base: { path: string; size: number; mtimeMs: number }): MetaFacts {
  const storage = classifyBytes(buf)
  if (storage === 'binary' || storage === 'lfs') {
    return { path: base.path, size: base.size, mtimeMs: base.mtimeMs, guids: [], folder: false, importer: null, mainClass: null, conflict: false, problem: storage === 'lfs' ? 'is a Git LFS pointer' : 'is binary' }
  }
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0
  const atLineStart = (i: number) => i === bom || (i > 0 && buf[i - 1] === 10)
  const guids: string[] = []
  for (let at = buf.indexOf(B_GUID); at >= 0; at = buf.indexOf(B_GUID, at + 5)) {
    if (!atLineStart(at)) continue
    const g = guidAfter(buf, at + 5)
    if (g !== null && !guids.includes(g)) guids.push(g)
  }
  let importer: string | null = null
  for (let at = buf.indexOf(B_IMPORTER); at >= 0 && importer === null; at = buf.indexOf(B_IMPORTER, at + 9)) {
    let k = at
    while (k > 0 && isWordByte(buf[k - 1])) k--
    if (atLineStart(k)) importer = buf.toString('latin1', k, at + 8)
  }
  let folder = false
  for (let at = buf.indexOf(B_FOLDER); at >= 0 && !folder; at = buf.indexOf(B_FOLDER, at + 12)) {
    if (!atLineStart(at)) continue
    let k = at + 12
    while (buf[k] === 32 || buf[k] === 9) k++
    folder = buf[k] === 121 && buf[k + 1] === 101 && buf[k + 2] === 115 // "yes"
  }
  const conflict = hasConflictMarker(buf, atLineStart)
  const mainClass = importer ? importerMainClass(importer, (key) => intSetting(buf, settingKey(key))) : null
  return { path: base.path, size: base.size, mtimeMs: base.mtimeMs, guids, folder, importer, mainClass, conflict, problem: guids.length === 0 ? 'declares no GUID' : null }
}

/**
 * The integer value of an importer setting line `  <key>: <int>` (indented, as importer settings
 * are), the first one in the file; null when absent or not an integer.
 */
const SETTING_KEYS = new Map<string, Buffer>()
function settingKey(key: string): Buffer {
  let b = SETTING_KEYS.get(key)
  if (!b) SETTING_KEYS.set(key, (b = Buffer.from(`${key}:`, 'latin1')))
  return b
}

function intSetting(buf: Buffer, key: Buffer): number | null {
  for (let at = buf.indexOf(key); at >= 0; at = buf.indexOf(key, at + key.length)) {
    let k = at
    while (k > 0 && buf[k - 1] === 32) k--
    if (k === at || (k > 0 && buf[k - 1] !== 10)) continue
    k = at + key.length
    while (buf[k] === 32 || buf[k] === 9) k++
    const start = k
    if (buf[k] === 45) k++
    while (buf[k] >= 48 && buf[k] <= 57) k++
    if (k === start) return null
    const n = Number(buf.toString('latin1', start, k))
    return Number.isSafeInteger(n) ? n : null
  }
  return null
}

function isWordByte(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95
}

function hexValue(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70)
}

/** The GUID of a `guid:` line: blanks, 32 hex digits, blanks, end of line. */
function guidAfter(buf: Buffer, k: number): string | null {
  while (buf[k] === 32 || buf[k] === 9) k++
  const start = k
  while (k < buf.length && k - start < 32 && hexValue(buf[k])) k++
  if (k - start !== 32) return null
  const end = k
  while (buf[k] === 32 || buf[k] === 9) k++
  if (buf[k] === 13) k++
  if (k < buf.length && buf[k] !== 10) return null
  for (let i = start; i < end; i++) if (buf[i] >= 65 && buf[i] <= 70) return buf.toString('latin1', start, end).toLowerCase()
  // The same string object the reference scan uses for this GUID: one copy in memory, not two.
  return guidString(buf, start)
}

function hasConflictMarker(buf: Buffer, atLineStart: (i: number) => boolean): boolean {
  for (const marker of B_MARKERS) {
    for (let at = buf.indexOf(marker); at >= 0; at = buf.indexOf(marker, at + 1)) {
      if (!atLineStart(at)) continue
      const next = buf[at + 7]
      if (next === undefined || next === 32 || next === 10 || next === 13) return true
    }
  }
  return false
}
