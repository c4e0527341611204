import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'
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

const CHUNK = 1000

export function defaultThreads(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length
  return Math.max(1, Math.min(cores, 4))
}

/**
 * How to start a worker. In a build the worker is its own .js entry next to this file. From source
 * it is a .ts file, and Node 20 does not run tsx's ESM hooks inside worker threads (`--import tsx`
 * in execArgv fails with ERR_UNKNOWN_FILE_EXTENSION, and every chunk silently fell back to the
 * calling thread): tsx's CommonJS hook works in any thread, so the worker registers it and then
 * requires the .ts file itself.
 */
function workerSpec(): { script: string | URL; options: WorkerOptions } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./facts-worker.js', import.meta.url), options: {} }
  const file = fileURLToPath(new URL('./facts-worker.ts', import.meta.url))
  let api = 'tsx/cjs/api'
  try {
    api = fileURLToPath(import.meta.resolve('tsx/cjs/api'))
  } catch {
    // keep the bare name: resolved from the working directory
  }
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(file)})`
  return { script: code, options: { eval: true } }
}

export interface ParallelSink {
  files(list: FileFacts[]): void
  metas(list: MetaFacts[]): void
  bytes(n: number): void
}

interface Slot {
  worker: Worker
  dead: boolean
  /** What to do if the worker errors or exits while it holds chunks. */
  onDead: (() => void) | null
}

/**
 * Worker threads started ahead of the work: a worker takes ~100 ms to boot (more from source,
 * where tsx compiles it), so openAsync starts the pool as soon as the walk shows a big read is
 * coming, and the threads boot while the walk finishes. Always close() it.
 */
export class FactsPool {
  private readonly slots: Slot[] = []

  constructor(threads: number) {
    for (let i = 0; i < Math.max(1, threads); i++) {
      let worker: Worker
      try {
        const spec = workerSpec()
        worker = new Worker(spec.script, spec.options)
      } catch {
        continue // no worker here: its share is read on the calling thread
      }
      const slot: Slot = { worker, dead: false, onDead: null }
      const die = () => {
        if (slot.dead) return
        slot.dead = true
        slot.onDead?.()
      }
      // Listened to from the start: an 'error' with no listener would throw in this thread.
      worker.on('error', die)
      worker.on('exit', die)
      this.slots.push(slot)
    }
  }

  async read(root: string, rels: string[], sink: ParallelSink): Promise<{ workersUsed: number }> {
    const chunks: string[][] = []
    for (let i = 0; i < rels.length; i += CHUNK) chunks.push(rels.slice(i, i + CHUNK))
    let next = 0
    let workersUsed = 0
    const canon = new Map<string, string>()

    const scanned = newScannedFile()
    const readHere = (chunk: string[]) => {
      const files: FileFacts[] = []
      const metas: MetaFacts[] = []
      let bytes = 0
      for (const rel of chunk) {
        const abs = `${root}/${rel}`
        if (rel.endsWith('.meta')) {
          const m = readMetaFacts(abs, rel)
          bytes += m.size
          metas.push(m)
        } else {
          files.push(readFileFacts(abs, rel, undefined, scanned))
          bytes += scanned.bytesRead
        }
      }
      sink.files(files)
      sink.metas(metas)
      sink.bytes(bytes)
    }

    const run = (slot: Slot) =>
      new Promise<void>((resolve) => {
        if (slot.dead) return resolve()
        const { worker } = slot
        const inFlight = new Map<number, string[]>()
        const decoder = new FactsDecoder(canon)
        let answered = false
        const finish = () => {
          slot.onDead = null
          worker.off('message', onMessage)
          resolve()
        }
        const send = () => {
          // Two chunks in flight so the worker never waits for the main thread.
          while (inFlight.size < 2 && next < chunks.length) {
            const id = next++
            inFlight.set(id, chunks[id])
            const req: FactsRequest = { id, root, rels: chunks[id] }
            worker.postMessage(req)
          }
          if (inFlight.size === 0) finish()
        }
        const onMessage = (reply: FactsReply) => {
          // Counted on its first answer, not when it comes online: a worker that starts and
          // then cannot load its module is online too.
          if (!answered) workersUsed++
          answered = true
          const files: FileFacts[] = []
          const metas: MetaFacts[] = []
          decoder.decode(reply, inFlight.get(reply.id)!, files, metas)
          inFlight.delete(reply.id)
          sink.files(files)
          sink.metas(metas)
          sink.bytes(reply.bytesRead)
          send()
        }
        worker.on('message', onMessage)
        slot.onDead = () => {
          // Whatever this worker had not answered is read here; the others carry on.
          for (const chunk of inFlight.values()) readHere(chunk)
          inFlight.clear()
          finish()
        }
        send()
      })

    await Promise.all(this.slots.map(run))
    // If no worker could start at all, read what is left here.
    while (next < chunks.length) readHere(chunks[next++])
    return { workersUsed }
  }

  close(): void {
    for (const slot of this.slots) {
      slot.onDead = null
      slot.dead = true
      void slot.worker.terminate()
    }
  }
}

/** One-shot: start a pool, read, close it. */
export async function readFactsInWorkers(root: string, rels: string[], threads: number, sink: ParallelSink): Promise<{ workersUsed: number }> {
  const pool = new FactsPool(threads)
  try {
    return await pool.read(root, rels, sink)
  } finally {
    pool.close()
  }
}
