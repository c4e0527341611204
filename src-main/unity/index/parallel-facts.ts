import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { workerScript } from '../../core/worker-script'
import { newScannedFile, readFileFacts, readMetaFacts, type FileFacts, type MetaFacts } from './file-facts'
import { FactsDecoder } from './facts-codec'
import type { FactsReply, FactsRequest } from './facts-worker'

/**
 * Read and scan many files on worker threads. Reading is open/read/close plus a byte scan per
 * file, independent from file to file, so it spreads over cores the way ripgrep does. The caller
 * (main thread) only merges the facts into the index.
 *
 * Workers are an optimisation, never a requirement: if one cannot start (a bundled build without
 * the worker file, a sandbox) or dies, its chunks are read on the calling thread instead.
 */

/**
 * Paths per message. Small enough that a few big scenes in one folder do not leave one thread
 * reading while the others wait (chunks are handed out in walk order), large enough that the
 * per-message cost stays small.
 */
const CHUNK = 250

export function defaultThreads(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length
  return Math.max(1, Math.min(cores, 4))
}


export interface PoolOptions {
  /** Ask each file's size and mtime (false for an index that keeps no cache; see file-facts.ts). */
  timed?: boolean
  /**
   * The calling thread reads chunks too once the walk is done, instead of waiting: on two cores
   * one worker plus this thread beats two workers (each costs a Node bootstrap). It holds the
   * event loop for a chunk at a time, so only for a caller with nothing else to do (`slate index`).
   */
  helpHere?: boolean
}

export interface ParallelSink {
  files(list: FileFacts[]): void
  metas(list: MetaFacts[]): void
  bytes(n: number): void
}

interface Slot {
  worker: Worker
  dead: boolean
  /** Chunks posted and not yet answered, by chunk id. */
  inFlight: Map<number, string[]>
  decoder: FactsDecoder
  answered: boolean
}

interface ChunkFacts {
  files: FileFacts[]
  metas: MetaFacts[]
  bytes: number
}

/** Chunks a worker may hold while the walk is still feeding (it cannot be refilled meanwhile). */
const AHEAD_WHILE_FEEDING = 8
/** Afterwards two: the worker never waits for the main thread, and the tail stays balanced. */
const AHEAD = 2

/**
 * Worker threads fed while the walk is still running: openAsync starts the pool as soon as the
 * walk shows a big read is coming and hands it files folder by folder, so the threads boot and
 * start reading while the walk finishes (the walk was ~15% of a 100k-asset index, all of it
 * before the first read).
 *
 * Facts reach the sink in the order the paths were added, whichever worker read them: the index
 * (and so the order of diagnostics) is the same as a single-threaded open's. Always close() it.
 */
export class FactsPool {
  private readonly slots: Slot[] = []
  private readonly chunks: string[][] = []
  private pending: string[] = []
  private dispatched = 0
  private delivered = 0
  private readonly ready = new Map<number, ChunkFacts>()
  private feeding = true
  private workersUsed = 0
  private readonly canon = new Map<string, string>()
  private readonly scanned = newScannedFile()
  private whenDone: (() => void) | null = null
  private readonly timed: boolean
  private readonly helpHere: boolean

  constructor(
    threads: number,
    private readonly root: string,
    private readonly sink: ParallelSink,
    /** Tests pass workers that fail, to check the fallback. */
    spawn: () => Worker = () => {
      const spec = workerScript(import.meta.url, 'facts-worker')
      return new Worker(spec.script, spec.options)
    },
    opts: PoolOptions = {},
  ) {
    this.timed = opts.timed !== false
    this.helpHere = opts.helpHere === true
    for (let i = 0; i < (this.helpHere ? threads : Math.max(1, threads)); i++) {
      let worker: Worker
      try {
        worker = spawn()
      } catch {
        continue // no worker here: its share is read on the calling thread
      }
      const slot: Slot = { worker, dead: false, inFlight: new Map(), decoder: new FactsDecoder(this.canon), answered: false }
      // Listened to from the start: an 'error' with no listener would throw in this thread.
      worker.on('error', () => this.lose(slot))
      worker.on('exit', () => this.lose(slot))
      worker.on('message', (reply: FactsReply) => this.answer(slot, reply))
      this.slots.push(slot)
    }
  }

  /** More paths to read, in order. */
  add(rels: string[]): void {
    for (const rel of rels) {
      this.pending.push(rel)
      if (this.pending.length === CHUNK) {
        this.chunks.push(this.pending)
        this.pending = []
      }
    }
    this.pump()
  }

  /** No more paths: resolves once every fact has reached the sink. */
  async done(): Promise<{ workersUsed: number }> {
    this.feeding = false
    if (this.pending.length > 0) this.chunks.push(this.pending)
    this.pending = []
    this.pump()
    if (this.helpHere) await this.readUndispatchedHere()
    if (this.delivered < this.chunks.length) await new Promise<void>((resolve) => (this.whenDone = resolve))
    return { workersUsed: this.workersUsed }
  }

  /**
   * Take chunks no worker holds yet, one at a time, letting the workers' answers in between (they
   * are refilled from the same queue, so whoever is free takes the next chunk).
   */
  private async readUndispatchedHere(): Promise<void> {
    while (this.dispatched < this.chunks.length) {
      const id = this.dispatched++
      this.ready.set(id, this.readHere(this.chunks[id]))
      this.deliver()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  close(): void {
    for (const slot of this.slots) {
      slot.dead = true
      slot.inFlight.clear()
      void slot.worker.terminate()
    }
  }

  private pump(): void {
    const live = this.slots.filter((s) => !s.dead)
    if (live.length === 0) {
      // No worker at all (none could start, or all died): read the rest here.
      while (this.dispatched < this.chunks.length) {
        const id = this.dispatched++
        this.ready.set(id, this.readHere(this.chunks[id]))
      }
      this.deliver()
      return
    }
    const limit = this.feeding ? AHEAD_WHILE_FEEDING : AHEAD
    for (const slot of live) {
      while (slot.inFlight.size < limit && this.dispatched < this.chunks.length) {
        const id = this.dispatched++
        slot.inFlight.set(id, this.chunks[id])
        const req: FactsRequest = { id, root: this.root, rels: this.chunks[id].join('\0'), timed: this.timed }
        slot.worker.postMessage(req)
      }
    }
  }

  private answer(slot: Slot, reply: FactsReply): void {
    const paths = slot.inFlight.get(reply.id)
    if (slot.dead || !paths) return
    // Counted on its first answer, not when it comes online: a worker that starts and then
    // cannot load its module is online too.
    if (!slot.answered) this.workersUsed++
    slot.answered = true
    const facts: ChunkFacts = { files: [], metas: [], bytes: reply.bytesRead }
    slot.decoder.decode(reply, paths, facts.files, facts.metas)
    slot.inFlight.delete(reply.id)
    this.ready.set(reply.id, facts)
    this.deliver()
    this.pump()
  }

  /** A worker errored or exited: what it had not answered is read here; the others carry on. */
  private lose(slot: Slot): void {
    if (slot.dead) return
    slot.dead = true
    for (const [id, chunk] of slot.inFlight) this.ready.set(id, this.readHere(chunk))
    slot.inFlight.clear()
    this.deliver()
    this.pump()
  }

  private deliver(): void {
    for (let facts = this.ready.get(this.delivered); facts; facts = this.ready.get(this.delivered)) {
      this.ready.delete(this.delivered++)
      this.sink.files(facts.files)
      this.sink.metas(facts.metas)
      this.sink.bytes(facts.bytes)
    }
    if (!this.feeding && this.delivered === this.chunks.length && this.whenDone) {
      const resolve = this.whenDone
      this.whenDone = null
      resolve()
    }
  }

  private readHere(chunk: string[]): ChunkFacts {
    const out: ChunkFacts = { files: [], metas: [], bytes: 0 }
    for (const rel of chunk) {
      const abs = `${this.root}/${rel}`
      if (rel.endsWith('.meta')) {
        const m = readMetaFacts(abs, rel, undefined, this.timed)
        out.bytes += m.size
        out.metas.push(m)
      } else {
        out.files.push(readFileFacts(abs, rel, undefined, this.scanned, this.timed))
        out.bytes += this.scanned.bytesRead
      }
    }
    return out
  }
}
