import fs from 'node:fs'
import path from 'node:path'

/**
 * Git LFS pointer files where a settings file should be: a clone without `git lfs pull` (or a
 * repository that tracks `*.asset` with LFS) leaves ProjectSettings/*.asset as three-line pointers.
 * Reading one as YAML gives nothing useful and a misleading "unparseable" or "no scenes"; saying
 * what it is, with what to do, is the useful answer.
 */
const LFS_HEAD = 'version https://git-lfs.github.com/spec/v'

export function isLfsPointerText(text: string): boolean {
  return text.length < 1024 && text.replace(/^\uFEFF/, '').startsWith(LFS_HEAD)
}

export function lfsPointerMessage(rel: string): string {
  return `${rel.slice(rel.lastIndexOf('/') + 1)} is a Git LFS pointer, not the file: run git lfs pull`
}

/** Project-relative paths of the settings and package files that are LFS pointers. */
export function settingsLfsPointers(projectRoot: string): string[] {
  const out: string[] = []
  const candidates: string[] = ['Packages/manifest.json', 'Packages/packages-lock.json']
  try {
    for (const name of fs.readdirSync(path.join(projectRoot, 'ProjectSettings'))) candidates.push(`ProjectSettings/${name}`)
  } catch {
    /* no ProjectSettings: nothing to report here */
  }
  for (const rel of candidates.sort()) {
    let fd: number | null = null
    try {
      fd = fs.openSync(path.join(projectRoot, rel), fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0))
      if (!fs.fstatSync(fd).isFile()) continue
      const buf = Buffer.alloc(1024)
      const n = fs.readSync(fd, buf, 0, 1024, 0)
      if (n < 1024 && isLfsPointerText(buf.toString('utf8', 0, n))) out.push(rel)
    } catch {
      /* unreadable: the parsers report it */
    } finally {
      if (fd !== null) fs.closeSync(fd)
    }
  }
  return out
}
