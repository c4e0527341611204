import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { workerScript } from '../../core/worker-script'
import type { ProcessedAsset, ProcessOptions } from './types'

/**
 * A fixed pool of worker threads, one per core by default; each thread holds one file at a time, so
 * a batch of large images never has more than `size` of them decoded at once. The threads' stdout
 * is captured (the Basis encoder prints its progress there) so `--json` output stays clean.
 */
interface Pending {
  resolve: (r: ProcessedAsset) => void
  reject: (e: Error) => void
}

export class ProcessPool {
  private workers: Worker[] = []
  private idle: Worker[] = []
  private queue: Array<{ file: string; options: ProcessOptions; readRoot?: string; p: Pending }> = []
  private pending = new Map<Worker, { id: number; p: Pending }>()
  private nextId = 1
  private closed = false

  constructor(readonly size = Math.max(1, os.availableParallelism())) {}

  private spawn(): Worker {
    const { script, options } = workerScript(import.meta.url, 'process-worker')
    const w = new Worker(script, { ...options, stdout: true, stderr: true })
    w.stdout.resume()
    w.stderr.resume()
    w.on('message', (m: { id: number; ok: boolean; result?: ProcessedAsset; error?: string }) => {
      const job = this.pending.get(w)
      if (!job || job.id !== m.id) return
      this.pending.delete(w)
      if (m.ok) job.p.resolve(m.result!)
      else job.p.reject(new Error(m.error))
      this.idle.push(w)
      this.pump()
    })
    w.on('error', (err) => this.lost(w, err))
    w.on('exit', (code) => this.lost(w, new Error(`the processing thread stopped (exit code ${code})`)))
    this.workers.push(w)
    return w
  }

  private lost(w: Worker, err: Error): void {
    this.workers = this.workers.filter((x) => x !== w)
    this.idle = this.idle.filter((x) => x !== w)
    const job = this.pending.get(w)
    this.pending.delete(w)
    if (job) job.p.reject(err)
    if (!this.closed) this.pump()
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      let w = this.idle.pop()
      if (!w) {
        if (this.workers.length >= this.size) return
        w = this.spawn()
      }
      const job = this.queue.shift()!
      const id = this.nextId++
      this.pending.set(w, { id, p: job.p })
      w.postMessage({ id, file: job.file, options: job.options, readRoot: job.readRoot })
    }
  }

  /** `readRoot`: the folder companion files (a model's textures) may be read from; default the file's own. */
  run(file: string, options: ProcessOptions, readRoot?: string): Promise<ProcessedAsset> {
    if (this.closed) return Promise.reject(new Error('the pool is closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({ file, options, readRoot, p: { resolve, reject } })
      this.pump()
    })
  }

  /** Stop now: queued files are dropped, running ones rejected (their outputs are never written). */
  async close(): Promise<void> {
    this.closed = true
    for (const q of this.queue.splice(0)) q.p.reject(new Error('cancelled'))
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}
