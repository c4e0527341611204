import fs from 'node:fs'
import { classifyBytes, firstClassId, scanGuids, type Storage } from '../scan/guid-scan'
import { isMediaExtension } from '../asset-types'

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
  /** Referenced GUIDs and how often each occurs. */
  refs: [string, number][]
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
  conflict: boolean
  /** The file is not a `.meta` Unity could read (no GUID, binary, …). */
  problem: string | null
}

export interface Stat {
  size: number
  mtimeMs: number
}

const LFS_MAX = 1024

/** Read and scan one asset file. Never throws: unreadable files come back as `empty` with a size. */
export function readFileFacts(abs: string, rel: string, st: Stat): FileFacts & { bytesRead: number } {
  const base = { path: rel, size: st.size, mtimeMs: st.mtimeMs }
  if (st.size > LFS_MAX && isMediaExtension(rel)) {
    return { ...base, storage: 'binary', classId: null, refs: [], occurrences: 0, bytesRead: 0 }
  }
  let buf: Buffer
  try {
    buf = fs.readFileSync(abs)
  } catch {
    return { ...base, storage: 'empty', classId: null, refs: [], occurrences: 0, bytesRead: 0 }
  }
  const storage = classifyBytes(buf)
  if (storage === 'binary' || storage === 'lfs' || storage === 'empty') {
    return { ...base, storage, classId: null, refs: [], occurrences: 0, bytesRead: buf.length }
  }
  const scan = scanGuids(buf)
  return {
    ...base,
    storage,
    classId: storage === 'yaml' ? firstClassId(buf) : null,
    refs: [...scan.refs],
    occurrences: scan.occurrences,
    bytesRead: buf.length,
  }
}

const GUID_LINE = /^guid:[ \t]*([0-9a-fA-F]{32})[ \t]*\r?$/gm
const IMPORTER_LINE = /^([A-Za-z0-9_]*Importer):/m
const CONFLICT_LINE = /^(<{7}|={7}|>{7})( |\r?$)/m

/**
 * The index needs only GUID, folder flag and importer name from a `.meta`, which exact line
 * matches give without building a YAML tree (parseMeta does that on demand for import settings).
 */
export function readMetaFacts(abs: string, rel: string, st: Stat): MetaFacts {
  const base = { path: rel, size: st.size, mtimeMs: st.mtimeMs }
  let buf: Buffer
  try {
    buf = fs.readFileSync(abs)
  } catch (err) {
    return { ...base, guids: [], folder: false, importer: null, conflict: false, problem: `cannot be read: ${(err as Error).message}` }
  }
  return metaFactsFromBuffer(buf, base)
}

export function metaFactsFromBuffer(buf: Buffer, base: { path: string; size: number; mtimeMs: number }): MetaFacts {
  const storage = classifyBytes(buf)
  if (storage === 'binary' || storage === 'lfs') {
    return { ...base, guids: [], folder: false, importer: null, conflict: false, problem: storage === 'lfs' ? 'is a Git LFS pointer' : 'is binary' }
  }
  const text = buf.toString('utf8')
  const guids: string[] = []
  for (const m of text.matchAll(GUID_LINE)) {
    const g = m[1].toLowerCase()
    if (!guids.includes(g)) guids.push(g)
  }
  return {
    ...base,
    guids,
    folder: /^folderAsset:[ \t]*yes/m.test(text),
    importer: IMPORTER_LINE.exec(text)?.[1] ?? null,
    conflict: CONFLICT_LINE.test(text),
    problem: guids.length === 0 ? 'declares no GUID' : null,
  }
}
