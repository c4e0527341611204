import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { workerScript } from '../core/worker-script'
import { grammarPaths } from './csharp-parser'
import type { IndexedFile } from './symbol-index'
import type { ParseReply, ParseRequest } from './symbol-worker'

/**
 * Parses scripts off the main thread, in as many workers as there are cores (at most 4: parsing
 * is fast and each worker holds its own WASM instance). Files go out in chunks so that the
 * replies of one worker stream back while the others still parse.
 */
export class ParsePool {
  private workers: Worker[] = []
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (r: ParseReply) => void; reject: (e: Error) => void }>()

  constructor(private readonly size = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length))) {}

  private start(): Worker[] {
    if (this.workers.length > 0) return this.workers
    const { script, options } = workerScript(import.meta.url, 'symbol-worker')
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(script, { ...options, workerData: { grammar: grammarPaths() } })
      w.unref()
      w.on('message', (reply: ParseReply) => {
        const p = this.pending.get(reply.id)
        if (!p) return
        this.pending.delete(reply.id)
        if (reply.error) p.reject(new Error(`The C# parser could not start: ${reply.error}`))
        else p.resolve(reply)
      })
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err)
        this.pending.clear()
      })
      this.workers.push(w)
    }
    return this.workers
  }

  async parse(root: string, files: ParseRequest['files'], onChunk?: (done: number) => void): Promise<[string, IndexedFile][]> {
    if (files.length === 0) return []
    const workers = this.start()
    const chunk = Math.max(16, Math.ceil(files.length / (workers.length * 8)))
    const out: [string, IndexedFile][] = []
    let done = 0
    const jobs: Promise<void>[] = []
    for (let i = 0, w = 0; i < files.length; i += chunk, w = (w + 1) % workers.length) {
      const id = this.nextId++
      const req: ParseRequest = { id, root, files: files.slice(i, i + chunk) }
      jobs.push(
        new Promise<ParseReply>((resolve, reject) => {
          this.pending.set(id, { resolve, reject })
          workers[w].postMessage(req)
        }).then((reply) => {
          out.push(...reply.files)
          done += req.files.length
          onChunk?.(done)
        }),
      )
    }
    await Promise.all(jobs)
    return out
  }

  async close(): Promise<void> {
    const ws = this.workers
    this.workers = []
    await Promise.all(ws.map((w) => w.terminate()))
  }
}
