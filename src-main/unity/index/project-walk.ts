import fs from 'node:fs'
import path from 'node:path'
import type { Stat } from './file-facts'

/**
 * Unity skips these when importing (https://docs.unity3d.com/Manual/SpecialFolders.html, "Hidden
 * assets"): names starting with `.`, ending with `~`, named `cvs`, or with a `.tmp` extension.
 * We skip the same ones so our asset list is Unity's.
 */
export function isIgnoredName(name: string): boolean {
  if (name.startsWith('.') || name.endsWith('~')) return true
  const lower = name.toLowerCase()
  return lower === 'cvs' || lower.endsWith('.tmp')
}

/** True when any segment of a project-relative path is one Unity ignores. */
export function isIgnoredPath(rel: string): boolean {
  return rel.split('/').some(isIgnoredName)
}

export interface WalkEntry extends Stat {
  rel: string
}

export interface WalkResult {
  files: WalkEntry[]
  dirs: WalkEntry[]
}

/**
 * Every file and folder below `relRoot` (project-relative), with size and mtime. Synchronous on
 * purpose: one thread doing readdir+stat back to back beats the promise overhead per file, and
 * the caller (index build) is not interleaved with other work anyway.
 */
export function walkTree(projectRoot: string, relRoot: string, out: WalkResult = { files: [], dirs: [] }): WalkResult {
  const stack = [relRoot]
  while (stack.length > 0) {
    const rel = stack.pop()!
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(path.join(projectRoot, rel), { withFileTypes: true })
    } catch {
      continue
    }
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue
      const childRel = `${rel}/${e.name}`
      const abs = path.join(projectRoot, childRel)
      let st: fs.Stats
      try {
        st = fs.statSync(abs)
      } catch {
        continue // dangling symlink or removed meanwhile
      }
      const entry = { rel: childRel, size: st.isFile() ? st.size : 0, mtimeMs: st.mtimeMs }
      if (st.isDirectory()) {
        out.dirs.push(entry)
        stack.push(childRel)
      } else if (st.isFile()) {
        out.files.push(entry)
      }
    }
  }
  return out
}

/** Folders under Packages/ that hold a package.json: embedded packages, indexed like Assets/. */
export function findEmbeddedPackageDirs(projectRoot: string): string[] {
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(path.join(projectRoot, 'Packages'), { withFileTypes: true })
  } catch {
    return []
  }
  const out: string[] = []
  for (const e of entries) {
    if (isIgnoredName(e.name)) continue
    const rel = `Packages/${e.name}`
    if ((e.isDirectory() || e.isSymbolicLink()) && fs.existsSync(path.join(projectRoot, rel, 'package.json'))) out.push(rel)
  }
  return out.sort()
}
