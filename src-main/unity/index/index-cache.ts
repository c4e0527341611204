import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import v8 from 'node:v8'
import { writeFileConfinedSync } from '../../core/confined-fs'
import { FactsDecoder, FactsEncoder } from './facts-codec'
import type { FileFacts, MetaFacts } from './file-facts'

/**
 * The persisted index: the per-file facts, keyed by project path, in one file under the data
 * dir's cache folder. Reopening walks the tree (stat only), keeps every record whose size and mtime
 * are unchanged and re-reads the rest, so a reopen costs a directory walk instead of reading every
 * byte.
 *
 * On disk it is the workers' format (facts-codec.ts: every string once in a table, each record a
 * few integers in one Int32Array, sizes and mtimes in one Float64Array) written with
 * v8.serialize, which stores typed arrays as raw bytes. The JSON tuples before took 240 ms to
 * parse at 100k assets, most of the app's open-from-cache time. Bump FORMAT when the layout
 * changes: an old cache is then ignored, never misread.
 */
const FORMAT = 9

export interface IndexCacheData {
  files: FileFacts[]
  metas: MetaFacts[]
  /** Folders, so a cached open can answer before the tree is walked again. */
  dirs: string[]
}

interface CacheFile {
  format: number
  root: string
  savedAt: string
  /** Paths of the records in `ints`/`nums`, in order: files, then .meta files. */
  paths: string[]
  strings: string[]
  ints: Int32Array
  nums: Float64Array
  dirs: string[]
}

export function cacheFileFor(cacheDir: string, projectRoot: string): string {
  const key = crypto.createHash('sha1').update(path.resolve(projectRoot)).digest('hex').slice(0, 16)
  return path.join(cacheDir, 'unity-index', `${path.basename(projectRoot).replace(/[^\w.-]/g, '_')}-${key}.bin`)
}

export function loadIndexCache(cacheDir: string, projectRoot: string): IndexCacheData | null {
  try {
    const data = v8.deserialize(fs.readFileSync(cacheFileFor(cacheDir, projectRoot))) as CacheFile
    if (data?.format !== FORMAT || data.root !== path.resolve(projectRoot)) return null
    const { paths, strings, ints, nums, dirs } = data
    if (!Array.isArray(paths) || !Array.isArray(strings) || !Array.isArray(dirs) || !(ints instanceof Int32Array) || !(nums instanceof Float64Array)) return null
    if (nums.length !== 2 * paths.length) return null
    const files: FileFacts[] = []
    const metas: MetaFacts[] = []
    const used = new FactsDecoder(null).decode({ strings, ints, nums }, paths, files, metas)
    // A cache written by a buggy build or cut short: every int read, every string resolved.
    if (used !== ints.length) return null
    const str = (x: unknown) => typeof x === 'string'
    if (!files.every((f) => str(f.storage) && f.refs.every(str)) || !metas.every((m) => m.guids.every(str))) return null
    return { files, metas, dirs }
  } catch {
    return null // missing or damaged: a full index rebuilds it
  }
}

export function saveIndexCache(cacheDir: string, projectRoot: string, files: Iterable<FileFacts>, metas: Iterable<MetaFacts>, dirs: Iterable<string>): void {
  const enc = new FactsEncoder()
  const paths: string[] = []
  for (const f of files) {
    enc.record(f)
    paths.push(f.path)
  }
  for (const m of metas) {
    enc.meta(m)
    paths.push(m.path)
  }
  const data: CacheFile = { format: FORMAT, root: path.resolve(projectRoot), savedAt: new Date().toISOString(), paths, ...enc.take(), dirs: [...dirs] }
  const file = cacheFileFor(cacheDir, projectRoot)
  fs.mkdirSync(cacheDir, { recursive: true })
  // The write path: temp file + rename (a crash never leaves a truncated cache), no fixed temp name.
  writeFileConfinedSync(cacheDir, file, v8.serialize(data), { durable: false })
  // The JSON cache of earlier builds, now dead weight.
  fs.rmSync(file.replace(/\.bin$/, '.json'), { force: true })
}
