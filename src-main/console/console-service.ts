import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../src-shared/contract-kit'
import { openRegularFile } from '../core/regular-file'
import type { LogEntry } from '../logs'
import type { ConsoleFilter, ConsoleQueryResult, ConsoleSourceInfo, ConsoleSourceKind } from '../../src-shared/types-ui'
import { BuildLogSummarizer, UnityLogParser } from '../logs'
import { editorLogPath } from './editor-log'
import { LogStore } from './log-store'

interface Source {
  info: ConsoleSourceInfo
  store: LogStore
  parser: UnityLogParser
  /** The build verdict and summary, kept up to date as entries arrive. */
  summarizer: BuildLogSummarizer
  newlines: number
  endsWithNewline: boolean
  /** Stops tailing / reading. */
  stop?: () => void
}

const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024
const CHUNK = 1024 * 1024

/**
 * The console's sources (opened log files, uploads from the browser, the Editor.log tail) and
 * their parsed entries. Parsing happens here, streaming, so the renderer only ever receives the
 * rows it shows. `onAppend` is how entries reach the UI (the handler turns it into an event).
 */
export class ConsoleService {
  private readonly sources = new Map<string, Source>()

  constructor(private readonly onAppend: (info: ConsoleSourceInfo) => void) {}

  list(): ConsoleSourceInfo[] {
    return [...this.sources.values()].map((s) => ({ ...s.info }))
  }

  private create(kind: ConsoleSourceKind, label: string, location: string | null, live: boolean): Source {
    const info: ConsoleSourceInfo = { id: `${kind}-${crypto.randomBytes(6).toString('hex')}`, kind, label, location, live, lines: 0, entries: 0, bytes: 0, problem: null }
    const src: Source = { info, store: new LogStore(), parser: new UnityLogParser(), summarizer: new BuildLogSummarizer(), newlines: 0, endsWithNewline: true }
    this.sources.set(info.id, src)
    return src
  }

  private get(id: string): Source {
    const s = this.sources.get(id)
    if (!s) throw new ApiError('not_found', 'That console source is closed; open the log again')
    return s
  }

  private push(src: Source, chunk: Buffer | string, final: boolean): void {
    const entries = src.parser.push(chunk)
    if (final) entries.push(...src.parser.end())
    this.append(src, entries)
    src.info.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
    src.info.entries = src.store.size
    // Lines as a text editor counts them (blank lines too): LF count, plus an unterminated last line.
    const newlines = countNewlines(chunk)
    src.newlines += newlines
    if (chunk.length > 0) src.endsWithNewline = lastChar(chunk) === 10
    src.info.lines = src.newlines + (src.endsWithNewline || src.info.bytes === 0 ? 0 : 1)
  }

  private append(src: Source, entries: LogEntry[]): void {
    src.store.append(entries)
    src.summarizer.add(entries)
    src.info.summary = src.summarizer.summary()
  }

  /** Open a log file; entries stream in (events) while the call has already returned. */
  async openFile(abs: string, label: string, kind: ConsoleSourceKind = 'project-file'): Promise<ConsoleSourceInfo> {
    // The read path: only a regular file (a FIFO named Editor.log would block a pool thread).
    const handle = await openRegularFile(abs, { label })
    const src = this.create(kind, label, abs, true)
    return new Promise((resolve, reject) => {
      const stream = handle.createReadStream({ highWaterMark: CHUNK })
      src.stop = () => stream.destroy()
      let first = true
      stream.on('data', (chunk) => {
        this.push(src, chunk as Buffer, false)
        if (first) {
          first = false
          resolve({ ...src.info })
        }
        this.onAppend({ ...src.info })
      })
      stream.on('end', () => {
        this.push(src, Buffer.alloc(0), true)
        src.info.live = false
        if (first) resolve({ ...src.info })
        this.onAppend({ ...src.info })
      })
      stream.on('error', (err) => {
        this.sources.delete(src.info.id)
        reject(new ApiError('not_found', `Could not read ${label}: ${err.message}`))
      })
    })
  }

  /** A file the user picked in the browser arrives in chunks (no path outside the project is ever sent). */
  upload(args: { sourceId?: string; name: string; chunk: string; done: boolean }): ConsoleSourceInfo {
    const src = args.sourceId ? this.get(args.sourceId) : this.create('upload', args.name, null, true)
    if (src.info.kind !== 'upload' || !src.info.live) throw new ApiError('invalid_argument', 'That source is not an upload in progress')
    if (src.info.bytes + args.chunk.length > MAX_UPLOAD_BYTES) throw new ApiError('invalid_argument', 'Log files up to 1 GB can be opened')
    this.push(src, args.chunk, args.done)
    if (args.done) src.info.live = false
    this.onAppend({ ...src.info })
    return { ...src.info }
  }

  /** A live source fed entry by entry (one per Unity process on the live link, or per runtime session). */
  openLive(label: string, location: string | null, kind: 'link' | 'runtime' = 'link'): ConsoleSourceInfo {
    const src = this.create(kind, label, location, true)
    src.info.dropped = 0
    return { ...src.info }
  }

  /** Entries of a live source as they arrive, with the lines Unity had to drop before them. */
  appendLive(id: string, entries: LogEntry[], dropped: number): void {
    const src = this.sources.get(id)
    if (!src || !isLive(src.info.kind)) return
    let lines = src.info.lines
    for (const e of entries) {
      e.firstLine = lines + 1
      lines += Math.max(1, e.lastLine)
      e.lastLine = lines
    }
    this.append(src, entries)
    src.info.lines = lines
    src.info.entries = src.store.size
    src.info.dropped = (src.info.dropped ?? 0) + dropped
    this.onAppend({ ...src.info })
  }

  /** The process disconnected: the source stays readable, no longer live. */
  endLive(id: string, note: string | null = null): void {
    const src = this.sources.get(id)
    if (!src || !isLive(src.info.kind)) return
    src.info.live = false
    src.info.problem = note
    this.onAppend({ ...src.info })
  }

  /** It reconnected (same runtime session): live again. */
  resumeLive(id: string): void {
    const src = this.sources.get(id)
    if (!src || !isLive(src.info.kind)) return
    src.info.live = true
    src.info.problem = null
    this.onAppend({ ...src.info })
  }

  /** Tail the running Editor's Editor.log: read what is there, then follow it as it grows. */
  openEditorLog(): ConsoleSourceInfo {
    return this.follow(editorLogPath(), 'Editor.log', 'editor-log', (file) => `No Editor.log at ${file}. Start the Unity Editor, or set SLATE_EDITOR_LOG to the log's path.`)
  }

  /**
   * A build's raw log (written by the build runner). A running build's log is followed so it
   * streams in; a finished build's is read once and is not "live". When there is no log file,
   * `finished.reason` (why the build failed, e.g. before Unity started) says what happened.
   */
  async openBuildLog(file: string, label: string, finished?: { reason: string | null } | null): Promise<ConsoleSourceInfo> {
    if (!finished) {
      return this.follow(file, label, 'build', () => 'This build has no log on this machine (it ran elsewhere, or before SLATE kept logs).')
    }
    const existing = [...this.sources.values()].find((s) => s.info.kind === 'build' && s.info.location === file)
    if (existing && !existing.info.live) return { ...existing.info }
    if (existing) this.close(existing.info.id)
    if (!fs.existsSync(file)) {
      const src = this.create('build', label, file, false)
      src.info.problem = finished.reason
        ? `This build wrote no log: ${finished.reason}`
        : 'This build has no log on this machine (it ran elsewhere, or before SLATE kept logs).'
      return { ...src.info }
    }
    const info = await this.openFile(file, label, 'build')
    return info
  }

  /** Read a file and keep reading what is appended to it; one source per file. */
  private follow(file: string, label: string, kind: ConsoleSourceKind, missing: (file: string) => string): ConsoleSourceInfo {
    const existing = [...this.sources.values()].find((s) => s.info.kind === kind && s.info.location === file)
    if (existing) return { ...existing.info }
    const src = this.create(kind, label, file, true)
    let offset = 0
    let reading = false
    const poll = () => {
      if (reading) return
      reading = true
      fs.promises
        .stat(file)
        .then(async (st) => {
          if (!st.isFile()) throw new ApiError('invalid_argument', `${label} is not a regular file (${file}); SLATE reads only regular files`)
          src.info.problem = null
          if (st.size < offset) {
            // Unity restarted and truncated its log: start over, like Unity's own Console on restart.
            offset = 0
            src.newlines = 0
            src.info.bytes = 0
            src.store.clear()
            src.parser = new UnityLogParser()
          }
          if (st.size === offset) {
            const tail = src.parser.flush()
            if (tail.length > 0) {
              this.append(src, tail)
              src.info.entries = src.store.size
              this.onAppend({ ...src.info })
            }
            return
          }
          const fh = await openRegularFile(file, { label })
          try {
            while (offset < st.size) {
              const buf = Buffer.alloc(Math.min(CHUNK, st.size - offset))
              const { bytesRead } = await fh.read(buf, 0, buf.length, offset)
              if (bytesRead === 0) break
              offset += bytesRead
              this.push(src, buf.subarray(0, bytesRead), false)
            }
          } finally {
            await fh.close()
          }
          this.onAppend({ ...src.info })
        })
        .catch((err: unknown) => {
          if (src.info.problem === null) {
            src.info.problem = err instanceof ApiError && err.code === 'invalid_argument' ? err.message : missing(file)
            this.onAppend({ ...src.info })
          }
        })
        .finally(() => (reading = false))
    }
    poll()
    // Polling (not fs.watch): Editor.log is often on a network or virtualised home, where watch
    // events are unreliable; a stat every 500 ms costs nothing.
    const timer = setInterval(poll, 500)
    timer.unref()
    src.stop = () => clearInterval(timer)
    return { ...src.info }
  }

  query(id: string, filter: ConsoleFilter, offset: number, limit: number): ConsoleQueryResult {
    const t0 = performance.now()
    const src = this.get(id)
    const view = src.store.filter(filter)
    const start = Math.max(0, Math.min(offset, view.rows.length))
    const end = Math.min(view.rows.length, start + limit)
    const rows = []
    for (let r = start; r < end; r++) rows.push(src.store.row(view, r))
    return { sourceId: id, total: view.rows.length, counts: view.counts, offset: start, rows, ms: Math.round((performance.now() - t0) * 10) / 10 }
  }

  clear(id: string): ConsoleSourceInfo {
    const src = this.get(id)
    src.store.clear()
    src.info.entries = 0
    this.onAppend({ ...src.info })
    return { ...src.info }
  }

  export(id: string, filter: ConsoleFilter): { name: string; text: string; truncated: boolean } {
    const src = this.get(id)
    const view = src.store.filter(filter)
    const parts: string[] = []
    let bytes = 0
    let truncated = false
    for (const line of src.store.exportLines(view)) {
      bytes += line.length + 1
      if (bytes > 64 * 1024 * 1024) {
        truncated = true
        break
      }
      parts.push(line)
    }
    const base = path.basename(src.info.label).replace(/\.(log|txt)$/i, '')
    return { name: `${base}-filtered.log`, text: parts.join('\n') + '\n', truncated }
  }

  close(id: string): void {
    const src = this.sources.get(id)
    src?.stop?.()
    this.sources.delete(id)
  }

  dispose(): void {
    for (const id of [...this.sources.keys()]) this.close(id)
  }
}

function countNewlines(chunk: Buffer | string): number {
  let n = 0
  if (typeof chunk === 'string') {
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) n++
  } else {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++
  }
  return n
}

function lastChar(chunk: Buffer | string): number {
  return typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk[chunk.length - 1]
}

/** Sources fed entry by entry by their owner (appendLive), rather than read from a file. */
function isLive(kind: ConsoleSourceKind): boolean {
  return kind === 'link' || kind === 'runtime'
}
