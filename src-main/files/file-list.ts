import fsSync from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { isIgnoredDir } from './ignore'

export interface FileListOptions {
  /** Include `.meta` files (off by default: nobody opens them from quick open). */
  includeMeta?: boolean
  /** Stop after this many files so a pathological folder cannot exhaust memory. */
  limit?: number
}

export interface FileList {
  files: string[]
  truncated: boolean
  ms: number
}

/**
 * Every file of the project, project-relative with forward slashes, sorted. A breadth-first async
 * walk with a bounded number of concurrent readdirs: it never blocks the event loop, and on 100k
 * files it takes a few hundred milliseconds (callers cache the result). Symbolic links are not
 * followed (nor listed), so the list cannot leave the project or loop; FIFOs and sockets are not
 * files and are not listed.
 */
export async function listProjectFiles(root: string, opts: FileListOptions = {}): Promise<FileList> {
  const t0 = performance.now()
  const limit = opts.limit ?? 500_000
  const files: string[] = []
  let queue: string[] = ['']
  let truncated = false
  while (queue.length > 0 && !truncated) {
    const next: string[] = []
    const CONCURRENCY = 32
    for (let i = 0; i < queue.length && !truncated; i += CONCURRENCY) {
      const batch = queue.slice(i, i + CONCURRENCY)
      const listings = await Promise.all(batch.map((rel) => fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => [])))
      listings.forEach((entries, k) => {
        const base = batch[k]
        for (const e of entries) {
          const rel = base ? `${base}/${e.name}` : e.name
          if (e.isDirectory()) {
            if (!isIgnoredDir(rel)) next.push(rel)
          } else if (e.isFile()) {
            if (!opts.includeMeta && e.name.endsWith('.meta')) continue
            // A name that is not UTF-8 arrives with U+FFFD and could not be opened by this path:
            // left out here; the index reports it (`unreadable-name`).
            if (e.name.includes('\uFFFD') && !existsAs(root, rel)) continue
            if (files.length >= limit) {
              truncated = true
              break
            }
            files.push(rel)
          }
        }
      })
    }
    queue = next
  }
  files.sort()
  return { files, truncated, ms: performance.now() - t0 }
}

function existsAs(root: string, rel: string): boolean {
  try {
    fsSync.lstatSync(path.join(root, rel))
    return true
  } catch {
    return false
  }
}

/** Caches the list per root for a short time: quick open is opened many times a minute. */
export class FileListCache {
  private entry: { root: string; at: number; list: Promise<FileList> } | null = null
  constructor(private readonly ttlMs = 15_000) {}

  get(root: string, opts: FileListOptions = {}): Promise<FileList> {
    const now = Date.now()
    if (!this.entry || this.entry.root !== root || now - this.entry.at > this.ttlMs) {
      const list = listProjectFiles(root, opts)
      this.entry = { root, at: now, list }
      list.catch(() => (this.entry = null))
    }
    return this.entry.list
  }

  invalidate(): void {
    this.entry = null
  }
}
