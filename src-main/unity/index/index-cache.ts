import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Storage } from '../scan/guid-scan'
import type { FileFacts, MetaFacts } from './file-facts'

/**
 * The persisted index: the per-file facts, keyed by project path, in one JSON file under the data
 * dir's cache folder. Reopening walks the tree (stat only), keeps every record whose size and mtime
 * are unchanged and re-reads the rest, so a reopen costs a directory walk instead of reading every
 * byte.
 *
 * On disk the records are tuples and every GUID and importer name is an index into a table: a
 * project references each GUID many times, and the object form was three times larger and slower
 * to parse. Bump FORMAT when the layout changes: an old cache is then ignored, never misread.
 */
const FORMAT = 6

export interface IndexCacheData {
  files: FileFacts[]
  metas: MetaFacts[]
  /** Folders, so a cached open can answer before the tree is walked again. */
  dirs: string[]
}

type FileRow = [path: string, size: number, mtimeMs: number, storage: Storage, classId: string | null, refs: number[], counts: number[], occurrences: number]
type MetaRow = [path: string, size: number, mtimeMs: number, guids: number[], folder: 0 | 1, importer: number, conflict: 0 | 1, problem: string | null]

interface CacheFile {
  format: number
  root: string
  savedAt: string
  guids: string[]
  importers: string[]
  files: FileRow[]
  metas: MetaRow[]
  dirs: string[]
}

export function cacheFileFor(cacheDir: string, projectRoot: string): string {
  const key = crypto.createHash('sha1').update(path.resolve(projectRoot)).digest('hex').slice(0, 16)
  return path.join(cacheDir, 'unity-index', `${path.basename(projectRoot).replace(/[^\w.-]/g, '_')}-${key}.json`)
}

export function loadIndexCache(cacheDir: string, projectRoot: string): IndexCacheData | null {
  let data: CacheFile
  try {
    data = JSON.parse(fs.readFileSync(cacheFileFor(cacheDir, projectRoot), 'utf8')) as CacheFile
  } catch {
    return null // missing or damaged: a full index rebuilds it
  }
  if (data.format !== FORMAT || data.root !== path.resolve(projectRoot) || !Array.isArray(data.files) || !Array.isArray(data.metas) || !Array.isArray(data.dirs)) return null
  const { guids, importers } = data
  try {
    const files = data.files.map(
      ([p, size, mtimeMs, storage, classId, refs, counts, occurrences]): FileFacts => ({
        path: p,
        size,
        mtimeMs,
        storage,
        classId,
        refs: refs.map((i) => guids[i]),
        counts,
        occurrences,
      }),
    )
    const metas = data.metas.map(
      ([p, size, mtimeMs, g, folder, importer, conflict, problem]): MetaFacts => ({
        path: p,
        size,
        mtimeMs,
        guids: g.map((i) => guids[i]),
        folder: folder === 1,
        importer: importer < 0 ? null : importers[importer],
        conflict: conflict === 1,
        problem,
      }),
    )
    if (files.some((f) => f.refs.some((g) => typeof g !== 'string')) || metas.some((m) => m.guids.some((g) => typeof g !== 'string'))) return null
    return { files, metas, dirs: data.dirs }
  } catch {
    return null // a cache written by a buggy build: ignore it
  }
}

export function saveIndexCache(cacheDir: string, projectRoot: string, files: Iterable<FileFacts>, metas: Iterable<MetaFacts>, dirs: Iterable<string>): void {
  const guidIndex = new Map<string, number>()
  const importerIndex = new Map<string, number>()
  const id = (map: Map<string, number>, s: string) => {
    let i = map.get(s)
    if (i === undefined) map.set(s, (i = map.size))
    return i
  }
  const fileRows: FileRow[] = []
  for (const f of files) fileRows.push([f.path, f.size, f.mtimeMs, f.storage, f.classId, f.refs.map((g) => id(guidIndex, g)), f.counts, f.occurrences])
  const metaRows: MetaRow[] = []
  for (const m of metas) {
    metaRows.push([m.path, m.size, m.mtimeMs, m.guids.map((g) => id(guidIndex, g)), m.folder ? 1 : 0, m.importer === null ? -1 : id(importerIndex, m.importer), m.conflict ? 1 : 0, m.problem])
  }
  const data: CacheFile = {
    format: FORMAT,
    root: path.resolve(projectRoot),
    savedAt: new Date().toISOString(),
    guids: [...guidIndex.keys()],
    importers: [...importerIndex.keys()],
    files: fileRows,
    metas: metaRows,
    dirs: [...dirs],
  }
  const file = cacheFileFor(cacheDir, projectRoot)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  // Write then rename so a crash mid-write never leaves a truncated cache behind.
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(data))
  fs.renameSync(tmp, file)
}
