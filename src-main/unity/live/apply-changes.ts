import fs from 'node:fs'
import path from 'node:path'
import type { IndexChange } from '../../../src-shared/types-unity'
import { readFileFacts, readMetaFacts } from '../index/file-facts'
import { isIgnoredPath, walkTree } from '../index/project-walk'
import type { UnityProject } from '../unity-project'

/** Files whose change means re-reading settings/packages (cheap) rather than touching the index. */
function isProjectFile(rel: string): boolean {
  return (
    rel.startsWith('ProjectSettings/') ||
    rel === 'Packages/manifest.json' ||
    rel === 'Packages/packages-lock.json' ||
    /^Packages\/[^/]+\/package\.json$/.test(rel) ||
    /^Packages\/[^/]+$/.test(rel)
  )
}

/**
 * Bring the index up to date for a batch of changed absolute paths (what the watcher reports).
 * Each path is re-stat'ed and only that file is re-read: create, update and delete look the same
 * from here, which also makes the function safe to call with duplicates or stale events.
 */
export function applyChanges(project: UnityProject, absPaths: Iterable<string>): IndexChange {
  const t0 = performance.now()
  const changed = new Set<string>()
  const removed = new Set<string>()
  let reloadProjectFiles = false
  for (const abs of absPaths) {
    const rel = path.relative(project.root, abs).split(path.sep).join('/')
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue
    if (isProjectFile(rel)) reloadProjectFiles = true
    if (project.rootOf(rel) === null || isIgnoredPath(rel)) continue
    updatePath(project, rel, changed, removed)
  }
  if (reloadProjectFiles) syncRoots(project, changed, removed)
  return { changed: [...changed], removed: [...removed], totalAssets: project.index.files.size + project.index.dirs.size, ms: performance.now() - t0 }
}

function updatePath(project: UnityProject, rel: string, changed: Set<string>, removed: Set<string>): void {
  const idx = project.index
  let st: fs.Stats | null = null
  try {
    st = fs.statSync(project.abs(rel))
  } catch {
    st = null
  }
  if (st === null) {
    if (idx.removeFile(rel) || idx.removeMeta(rel)) removed.add(rel)
    else if (idx.dirs.has(rel)) for (const p of idx.removeTree(rel)) removed.add(p)
    return
  }
  if (st.isDirectory()) {
    if (idx.dirs.has(rel)) return // a folder's own mtime changes with its entries; those come as their own events
    // A folder moved or copied in may arrive as one event: index everything in it.
    idx.setDir(rel, { size: 0, mtimeMs: st.mtimeMs })
    changed.add(rel)
    const walk = walkTree(project.root, rel)
    addWalked(project, walk, changed)
    return
  }
  if (!st.isFile()) return
  const known = rel.endsWith('.meta') ? idx.metas.get(rel) : idx.files.get(rel)
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return
  readOne(project, rel, { size: st.size, mtimeMs: st.mtimeMs })
  changed.add(rel)
}

function addWalked(project: UnityProject, walk: ReturnType<typeof walkTree>, changed: Set<string>): void {
  for (const d of walk.dirs) {
    project.index.setDir(d.rel, d)
    changed.add(d.rel)
  }
  for (const f of walk.files) {
    readOne(project, f.rel, f)
    changed.add(f.rel)
  }
}

function readOne(project: UnityProject, rel: string, st: { size: number; mtimeMs: number }): void {
  if (rel.endsWith('.meta')) project.index.setMeta(readMetaFacts(project.abs(rel), rel, st))
  else project.index.setFile(readFileFacts(project.abs(rel), rel, st))
}

/** Settings or packages changed: re-read them, and index/drop embedded packages that came or went. */
function syncRoots(project: UnityProject, changed: Set<string>, removed: Set<string>): void {
  const before = new Set(project.indexedRoots)
  project.loadProjectFiles()
  const after = new Set(project.indexedRoots)
  for (const r of before) if (!after.has(r)) for (const p of project.index.removeTree(r)) removed.add(p)
  for (const r of after) {
    if (before.has(r)) continue
    const walk = walkTree(project.root, r)
    addWalked(project, walk, changed)
  }
  changed.add('ProjectSettings')
}
