import fs from 'node:fs'
import path from 'node:path'
import { isInsideRoot } from '../../core/confined-fs'
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

/** What the walk did not enter or list, and why: shown to the user as index diagnostics. */
export const WALK_PROBLEM_KINDS: ReadonlySet<string> = new Set(['link-outside', 'link-loop', 'unreadable-name'])

export interface WalkProblem {
  kind: 'link-outside' | 'link-loop' | 'unreadable-name'
  path: string
  message: string
}

export interface WalkResult {
  files: WalkEntry[]
  dirs: WalkEntry[]
  problems?: WalkProblem[]
  /** Real paths of the folders walked so far (shared across the roots of one index). */
  visited?: Set<string>
}

/** Diagnostics are for people: a project with thousands of bad links reports the first ones. */
const MAX_PROBLEMS = 200

/**
 * Every file and folder below `relRoot` (project-relative). With `stat`, each entry gets its size
 * and mtime (what a cache check needs); without, sizes are left 0 and the reader takes them from
 * the open file, which saves one syscall per file on a full index. Synchronous on purpose: one
 * thread doing readdir back to back beats the promise overhead per file. `onFolder` hears the
 * file count after each folder (openAsync starts its worker threads when a big read is coming).
 *
 * A project is untrusted: git stores symbolic links, and a link to `/` or two links to `.` made
 * the old walk list the whole disk or loop until memory ran out. Links are resolved to their real
 * path: one that leaves the project is reported (`link-outside`) and not entered; a folder link
 * inside is entered only if its real folder was not walked already (each real folder once), after
 * the plain folders, so the real location wins; one that leads back to a folder being walked is a
 * `link-loop`. Names that are not valid UTF-8 cannot be opened by the text path Node hands us
 * (it would carry U+FFFD), so they are reported (`unreadable-name`), not listed mangled.
 */
export function walkTree(projectRoot: string, relRoot: string, out: WalkResult = { files: [], dirs: [] }, opts: { stat?: boolean; onFolder?: (files: number) => void } = {}): WalkResult {
  const withStat = opts.stat !== false
  const problems = (out.problems ??= [])
  const visited = (out.visited ??= new Set())
  const report = (p: WalkProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p)
  }
  let realRoot: string
  let realStart: string
  try {
    realRoot = fs.realpathSync.native(projectRoot)
    realStart = fs.realpathSync.native(path.join(projectRoot, relRoot))
  } catch {
    return out
  }
  if (!isInsideRoot(realRoot, realStart)) {
    report(linkOutside(relRoot, realStart))
    return out
  }
  // [rel, real path]: a plain folder's real path is its parent's plus its name (no syscall).
  const stack: [string, string][] = []
  const links: [string, string][] = []
  const enter = (rel: string, real: string) => {
    if (visited.has(real)) return
    visited.add(real)
    stack.push([rel, real])
  }
  // A root is always walked, even if a link of an earlier root led into it.
  visited.add(realStart)
  stack.push([relRoot, realStart])
  const drain = () => {
    while (stack.length > 0) {
      const [rel, real] = stack.pop()!
      let entries: fs.Dirent[]
      try {
        entries = fs.readdirSync(real, { withFileTypes: true })
      } catch {
        continue
      }
      let mangled = false
      for (const e of entries) {
        if (isIgnoredName(e.name)) continue
        if (e.name.includes('\uFFFD')) {
          mangled = true
          continue // checked against the raw bytes below
        }
        const childRel = `${rel}/${e.name}`
        const childReal = `${real}/${e.name}`
        if (e.isSymbolicLink()) {
          links.push([childRel, childReal])
          continue
        }
        let isDir = e.isDirectory()
        let isFile = e.isFile()
        let size = 0
        let mtimeMs = 0
        if (withStat) {
          let st: fs.Stats
          try {
            st = fs.lstatSync(childReal)
          } catch {
            continue // removed meanwhile
          }
          isDir = st.isDirectory()
          isFile = st.isFile()
          size = isFile ? st.size : 0
          mtimeMs = st.mtimeMs
        }
        if (isDir) {
          out.dirs.push({ rel: childRel, size: 0, mtimeMs })
          if (depthOf(childRel) < 64) enter(childRel, childReal)
        } else if (isFile) {
          out.files.push({ rel: childRel, size, mtimeMs })
        }
      }
      if (mangled) listMangled(rel, real, out, report)
      opts.onFolder?.(out.files.length)
    }
  }
  drain()
  // Links last, so a folder reachable both directly and through a link is listed where it is.
  while (links.length > 0) {
    const [rel, linkPath] = links.shift()!
    let target: string
    let st: fs.Stats
    try {
      target = fs.realpathSync.native(linkPath)
      st = fs.statSync(target)
    } catch {
      report({ kind: 'link-loop', path: rel, message: `"${rel}" is a symbolic link that points nowhere or in a loop; it is not indexed.` })
      continue
    }
    if (!isInsideRoot(realRoot, target)) {
      report(linkOutside(rel, target))
      continue
    }
    if (st.isFile()) {
      out.files.push({ rel, size: withStat ? st.size : 0, mtimeMs: withStat ? st.mtimeMs : 0 })
    } else if (st.isDirectory()) {
      // linkPath's folder is a real path: a target at or above it would nest for ever.
      if (isInsideRoot(target, path.dirname(linkPath))) {
        report({ kind: 'link-loop', path: rel, message: `"${rel}" links back to a folder that contains it (${path.relative(realRoot, target) || 'the project root'}); it is not followed.` })
        continue
      }
      if (visited.has(target)) continue // already indexed where it really is
      out.dirs.push({ rel, size: 0, mtimeMs: 0 })
      if (depthOf(rel) < 64) enter(rel, target)
      drain()
    }
  }
  return out
}

function linkOutside(rel: string, target: string): WalkProblem {
  return { kind: 'link-outside', path: rel, message: `"${rel}" is a symbolic link out of the project (to ${target}); SLATE does not index or open files outside the project.` }
}

/** Names in `real` that are not valid UTF-8, shown with their bad bytes as \xNN. */
function listMangled(rel: string, real: string, out: WalkResult, report: (p: WalkProblem) => void): void {
  let raw: Buffer[]
  try {
    raw = fs.readdirSync(real, { encoding: 'buffer' })
  } catch {
    return
  }
  for (const name of raw) {
    const text = name.toString('utf8')
    if (!text.includes('\uFFFD')) continue
    if (Buffer.from(text, 'utf8').equals(name)) {
      // A real U+FFFD in a valid name: list it like any other (rare, but it opens fine).
      if (isIgnoredName(text)) continue
      const st = lstatOrNull(`${real}/${text}`)
      if (st?.isDirectory()) out.dirs.push({ rel: `${rel}/${text}`, size: 0, mtimeMs: st.mtimeMs })
      else if (st?.isFile()) out.files.push({ rel: `${rel}/${text}`, size: st.size, mtimeMs: st.mtimeMs })
      continue
    }
    const shown = `${rel}/${escapeInvalidUtf8(name)}`
    report({
      kind: 'unreadable-name',
      path: shown,
      message: `"${shown}" has a name that is not valid UTF-8 (bytes shown as \\xNN); it is not indexed. Rename it: Unity, Git and other machines will not agree on this name.`,
    })
  }
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p)
  } catch {
    return null
  }
}

/** Valid UTF-8 sequences as text, every other byte as \xNN. */
export function escapeInvalidUtf8(name: Buffer): string {
  let out = ''
  let i = 0
  while (i < name.length) {
    const b = name[i]
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    const seq = len > 0 && i + len <= name.length ? name.subarray(i, i + len) : null
    const text = seq ? seq.toString('utf8') : ''
    if (seq && !text.includes('\uFFFD') && Buffer.from(text, 'utf8').equals(seq)) {
      out += text
      i += len
    } else {
      out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`
      i++
    }
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
