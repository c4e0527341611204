import fs from 'node:fs'
import path from 'node:path'
import type { Stat } from './file-facts'

/**
 * Unity skips these when importing (https://docs.unity3d.com/Manual/SpecialFolders.html, "Hidden
 * assets"): names starting with `.`, ending with `~`, named `cvs`, or with a `.tmp` extension.
 * We skip the same ones so our asset list is Unity's.
 */
export function isIgnoredName(name: string): boolean {
  const n = name.length
  if (n === 0) return false
  const first = name.charCodeAt(0)
  if (first === 46 /* . */ || name.charCodeAt(n - 1) === 126 /* ~ */) return true
  // Case-insensitive "cvs" and "*.tmp" by char code: the walk asks for every one of 200k names,
  // and toLowerCase() allocated a string each time.
  if (n === 3) return (first | 32) === 99 && (name.charCodeAt(1) | 32) === 118 && (name.charCodeAt(2) | 32) === 115
  return n >= 4 && name.charCodeAt(n - 4) === 46 && (name.charCodeAt(n - 3) | 32) === 116 && (name.charCodeAt(n - 2) | 32) === 109 && (name.charCodeAt(n - 1) | 32) === 112
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
 * Every file and folder below `relRoot` (project-relative). With `stat`, each entry gets its size
 * and mtime (what a cache check needs); without, sizes are left 0 and the reader takes them from
 * the open file, which saves one syscall per file on a full index. Synchronous on purpose: one
 * thread doing readdir back to back beats the promise overhead per file. `onFolder` hears the
 * file count after each folder (openAsync starts its worker threads when a big read is coming).
 */
export function walkTree(projectRoot: string, relRoot: string, out: WalkResult = { files: [], dirs: [] }, opts: { stat?: boolean; onFolder?: (files: number) => void } = {}): WalkResult {
  const withStat = opts.stat !== false
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
      let isDir = e.isDirectory()
      let isFile = e.isFile()
      let size = 0
      let mtimeMs = 0
      if (withStat || e.isSymbolicLink()) {
        let st: fs.Stats
        try {
          st = fs.statSync(`${projectRoot}/${childRel}`)
        } catch {
          continue // dangling symlink or removed meanwhile
        }
        isDir = st.isDirectory()
        isFile = st.isFile()
        size = isFile ? st.size : 0
        mtimeMs = st.mtimeMs
      }
      if (isDir) {
        out.dirs.push({ rel: childRel, size: 0, mtimeMs })
        // A symlink cycle would nest forever; no real project is 64 folders deep.
        if (depthOf(childRel) < 64) stack.push(childRel)
      } else if (isFile) {
        out.files.push({ rel: childRel, size, mtimeMs })
      }
    }
    opts.onFolder?.(out.files.length)
  }
  return out
}

function depthOf(rel: string): number {
  let n = 0
  for (let i = 0; i < rel.length; i++) if (rel.charCodeAt(i) === 47) n++
  return n
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

/**
 * Every file and folder of a package folder outside the project (Library/PackageCache, a local
 * `file:` package, SLATE's cache, the Editor's built-in packages), listed under `virtualRoot`
 * (`Packages/<name>`, the paths Unity gives package assets). Confined to `dir`: symbolic links
 * are never followed (a package cannot lead the index out of its own folder), and it only reads.
 */
export function walkPackageTree(dir: string, virtualRoot: string, out: WalkResult = { files: [], dirs: [] }, opts: { stat?: boolean } = {}): WalkResult {
  const withStat = opts.stat !== false
  const stack: [string, string][] = [[dir, virtualRoot]]
  while (stack.length > 0) {
    const [abs, rel] = stack.pop()!
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true })
    } catch {
      continue
    }
    for (const e of entries) {
      if (isIgnoredName(e.name) || e.isSymbolicLink()) continue
      const childAbs = `${abs}/${e.name}`
      const childRel = `${rel}/${e.name}`
      if (e.isDirectory()) {
        out.dirs.push({ rel: childRel, size: 0, mtimeMs: 0 })
        if (depthOf(childRel) < 64) stack.push([childAbs, childRel])
      } else if (e.isFile()) {
        let size = 0
        let mtimeMs = 0
        if (withStat) {
          try {
            const st = fs.lstatSync(childAbs)
            size = st.size
            mtimeMs = st.mtimeMs
          } catch {
            continue
          }
        }
        out.files.push({ rel: childRel, size, mtimeMs })
      }
    }
  }
  return out
}
