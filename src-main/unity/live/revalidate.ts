import type { IndexChange } from '../../../src-shared/types-unity'
import { readFileFacts, readMetaFacts } from '../index/file-facts'
import type { WalkEntry } from '../index/project-walk'
import type { UnityProject } from '../unity-project'

/**
 * Bring an index opened from the cache (UnityProject.openCached) in line with the disk: walk the
 * indexed roots with stat, re-read files whose size or mtime changed, add new ones, drop the ones
 * that are gone. Yields to the event loop while it works so queries keep being answered from the
 * (briefly stale) index. Safe to run while the watcher applies changes: both re-read from disk.
 */
export async function revalidate(project: UnityProject): Promise<IndexChange> {
  const t0 = performance.now()
  const idx = project.index
  const walk = { files: [] as WalkEntry[], dirs: [] as WalkEntry[] }
  for (const r of project.indexedRoots) {
    project.walkRoot(r, walk, { stat: true })
    await turn()
  }
  const changed: string[] = []
  const removed: string[] = []
  const seenDirs = new Set<string>()
  for (const d of walk.dirs) {
    seenDirs.add(d.rel)
    if (!idx.dirs.has(d.rel)) {
      idx.setDir(d.rel, d)
      changed.push(d.rel)
    }
  }
  const seen = new Set<string>()
  let slice = performance.now()
  for (const e of walk.files) {
    seen.add(e.rel)
    const isMeta = e.rel.endsWith('.meta')
    const known = isMeta ? idx.metas.get(e.rel) : idx.files.get(e.rel)
    if (!known || known.size !== e.size || known.mtimeMs !== e.mtimeMs) {
      const abs = project.abs(e.rel)
      if (isMeta) idx.setMeta(readMetaFacts(abs, e.rel, e))
      else idx.setFile(readFileFacts(abs, e.rel, e))
      changed.push(e.rel)
    }
    if (performance.now() - slice > 15) {
      await turn()
      slice = performance.now()
    }
  }
  for (const p of [...idx.files.keys()]) if (!seen.has(p) && idx.removeFile(p)) removed.push(p)
  for (const p of [...idx.metas.keys()]) if (!seen.has(p) && idx.removeMeta(p)) removed.push(p)
  for (const p of [...idx.dirs.keys()]) {
    if (seenDirs.has(p) || !idx.dirs.has(p)) continue
    for (const r of idx.removeTree(p)) removed.push(r)
  }
  project.stats.reread = changed.length
  if (changed.length > 0 || removed.length > 0) project.saveCache()
  return { changed, removed, totalAssets: idx.files.size + idx.dirs.size, ms: performance.now() - t0 }
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
