import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { FileFacts, MetaFacts } from './file-facts'

/**
 * The persisted index: the per-file facts, keyed by project path, in one JSON file under the data
 * dir's cache folder. Reopening walks the tree (stat only), keeps every record whose size and mtime
 * are unchanged and re-reads the rest, so a reopen costs a directory walk instead of reading every
 * byte. Bump FORMAT when FileFacts/MetaFacts change shape: an old cache is then ignored.
 */
const FORMAT = 4

export interface IndexCacheData {
  format: number
  root: string
  savedAt: string
  files: FileFacts[]
  metas: MetaFacts[]
}

export function cacheFileFor(cacheDir: string, projectRoot: string): string {
  const key = crypto.createHash('sha1').update(path.resolve(projectRoot)).digest('hex').slice(0, 16)
  return path.join(cacheDir, 'unity-index', `${path.basename(projectRoot).replace(/[^\w.-]/g, '_')}-${key}.json`)
}

export function loadIndexCache(cacheDir: string, projectRoot: string): IndexCacheData | null {
  try {
    const data = JSON.parse(fs.readFileSync(cacheFileFor(cacheDir, projectRoot), 'utf8')) as IndexCacheData
    if (data.format !== FORMAT || data.root !== path.resolve(projectRoot) || !Array.isArray(data.files) || !Array.isArray(data.metas)) return null
    return data
  } catch {
    return null // missing or damaged: a full index rebuilds it
  }
}

export function saveIndexCache(cacheDir: string, projectRoot: string, files: Iterable<FileFacts>, metas: Iterable<MetaFacts>): void {
  const file = cacheFileFor(cacheDir, projectRoot)
  const data: IndexCacheData = { format: FORMAT, root: path.resolve(projectRoot), savedAt: new Date().toISOString(), files: [...files], metas: [...metas] }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  // Write then rename so a crash mid-write never leaves a truncated cache behind.
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(data))
  fs.renameSync(tmp, file)
}
