import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import v8 from 'node:v8'
import type { CodeIndexStatus } from '../../src-shared/types-code'
import type { UnityProject } from '../unity/unity-project'
import { ParsePool } from './parse-pool'
import { SymbolIndex, type IndexedFile } from './symbol-index'
import type { ParseRequest } from './symbol-worker'

const CACHE_VERSION = 2 // 2: type arity on declarations and uses

export interface CodeServiceHost {
  readonly dataDir: string
  /** The Unity model of the open project (its index lists the scripts with size and mtime). */
  unityProject(): Promise<UnityProject>
}

/**
 * The C# symbol index of the open project. It follows the Unity index, which the file watcher
 * keeps current: before answering, the scripts whose size or mtime changed since they were parsed
 * are parsed again (in workers), and removed ones dropped — so the index is incremental without a
 * watcher of its own. The parsed symbols persist under the data folder, so reopening a project
 * parses only what changed.
 */
export class CodeService {
  private index: SymbolIndex | null = null
  private root: string | null = null
  private syncing: Promise<SymbolIndex> | null = null
  private readonly pool = new ParsePool()
  private lastStatus: CodeIndexStatus = { files: 0, declarations: 0, references: 0, ms: 0, fromCache: false, parseErrors: 0 }
  private saveTimer: NodeJS.Timeout | null = null

  constructor(private readonly host: CodeServiceHost) {}

  status(): CodeIndexStatus {
    return this.lastStatus
  }

  /** The index, brought up to date with the Unity index first. Concurrent callers share one sync. */
  async get(): Promise<{ index: SymbolIndex; project: UnityProject }> {
    const project = await this.host.unityProject()
    if (this.syncing) await this.syncing.catch(() => undefined)
    this.syncing = this.sync(project)
    try {
      return { index: await this.syncing, project }
    } finally {
      this.syncing = null
    }
  }

  private async sync(project: UnityProject): Promise<SymbolIndex> {
    const t0 = performance.now()
    let fromCache = false
    if (!this.index || this.root !== project.root) {
      this.root = project.root
      this.index = this.loadCache(project.root) ?? new SymbolIndex()
      fromCache = this.index.files.size > 0
    }
    const index = this.index
    const todo: ParseRequest['files'] = []
    const present = new Set<string>()
    for (const [rel, f] of project.index.files) {
      if (!rel.endsWith('.cs')) continue
      present.add(rel)
      const have = index.files.get(rel)
      if (!have || have.size !== f.size || have.mtimeMs !== f.mtimeMs) todo.push({ rel, size: f.size, mtimeMs: f.mtimeMs, ...(project.externalOf(rel) ? { abs: project.abs(rel) } : {}) })
    }
    let removed = 0
    for (const rel of [...index.files.keys()]) if (!present.has(rel) && index.delete(rel)) removed++
    if (todo.length > 0) {
      for (const [rel, file] of await this.pool.parse(project.root, todo)) index.set(rel, file)
      // A script that could not be read is dropped, not kept stale.
      for (const t of todo) if (index.files.get(t.rel)?.mtimeMs !== t.mtimeMs) index.delete(t.rel)
    }
    if (todo.length > 0 || removed > 0) {
      this.lastStatus = { ...index.counts(), ms: Math.round(performance.now() - t0), fromCache }
      this.scheduleSave()
    } else if (this.lastStatus.files !== index.files.size || fromCache) {
      this.lastStatus = { ...index.counts(), ms: Math.round(performance.now() - t0), fromCache }
    }
    return index
  }

  private cacheFile(root: string): string {
    const hash = crypto.createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16)
    return path.join(this.host.dataDir, 'cache', `csharp-symbols-${hash}.bin`)
  }

  private loadCache(root: string): SymbolIndex | null {
    try {
      const data = v8.deserialize(fs.readFileSync(this.cacheFile(root))) as { version: number; root: string; files: [string, IndexedFile][] }
      if (data.version !== CACHE_VERSION || data.root !== root || !Array.isArray(data.files)) return null
      const index = new SymbolIndex()
      for (const [rel, f] of data.files) index.set(rel, f)
      return index
    } catch {
      return null // no cache, or one from another version: parse from scratch
    }
  }

  /** Written a moment after the last change, so a burst of saves writes the cache once. */
  private scheduleSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = setTimeout(() => this.saveNow(), 500)
    this.saveTimer.unref()
  }

  saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = null
    if (!this.index || !this.root) return
    const file = this.cacheFile(this.root)
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`
      fs.writeFileSync(tmp, v8.serialize({ version: CACHE_VERSION, root: this.root, files: [...this.index.files] }), { flag: 'wx', mode: 0o600 })
      fs.renameSync(tmp, file)
    } catch (err) {
      console.error(`slate: could not save the C# symbol cache: ${(err as Error).message}`)
    }
  }

  async close(): Promise<void> {
    if (this.saveTimer) this.saveNow()
    this.index = null
    this.root = null
    await this.pool.close()
  }
}
