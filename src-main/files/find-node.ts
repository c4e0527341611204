import { Worker } from 'node:worker_threads'
import { workerScript } from '../core/worker-script'
import { ApiError, type ApiErrorCode } from '../../src-shared/contract-kit'
import type { FindMatch, FindResult } from '../../src-shared/types-ui'
import type { FindQuery } from './find-scan'
import type { FindWorkerMessage, FindWorkerRequest } from './find-worker'

export const DEFAULT_NODE_BUDGET_MS = 10_000

const TOO_SLOW = 'The search took too long — the regular expression may backtrack catastrophically; simplify it or install ripgrep'
const TOO_SLOW_LITERAL = 'The search took too long; install ripgrep for fast find in files'


/**
 * The pure-Node scan (no ripgrep) on a worker thread with a time budget. JavaScript regexes
 * backtrack: `(a+)+$` on a long line of `a`s runs for ages, and on the main thread that would
 * stop the core answering every client. On timeout the worker is terminated (V8 interrupts a
 * running regex) and the error carries the matches found so far in `details.partial`.
 */
export function scanInWorker(root: string, q: FindQuery, max: number, budgetMs = DEFAULT_NODE_BUDGET_MS, signal?: AbortSignal): Promise<Omit<FindResult, 'engine' | 'ms'>> {
  const matches: FindMatch[] = []
  const files = new Set<string>()
  const partial = (truncated: boolean) => ({ matches, files: files.size, truncated })
  return new Promise((resolve, reject) => {
    const spec = workerScript(import.meta.url, 'find-worker')
    const request: FindWorkerRequest = { root, query: q, max }
    let worker: Worker
    try {
      worker = new Worker(spec.script, { ...spec.options, workerData: request })
    } catch (err) {
      reject(new ApiError('internal', `Find in files could not start its worker: ${(err as Error).message}`))
      return
    }
    let settled = false
    const finish = (err: ApiError | null, truncated = false) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      // Not awaited: the result does not depend on when the thread is gone.
      void worker.terminate()
      if (err) reject(err)
      else resolve(partial(truncated))
    }
    // Cancelled: the call settles only once the thread is gone, so "cancelled" means the work stopped.
    const onAbort = () => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate().then(() => reject(new ApiError('cancelled', 'Find in files was cancelled')))
    }

    const timer = setTimeout(() => {
      const message = q.regex ? TOO_SLOW : TOO_SLOW_LITERAL
      finish(new ApiError(q.regex ? 'invalid_argument' : 'unavailable', message, { partial: partial(true) }))
    }, budgetMs)
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (msg: FindWorkerMessage) => {
      if (msg.type === 'file') {
        for (const m of msg.matches) matches.push(m)
        if (msg.matches.length > 0) files.add(msg.matches[0].path)
      } else if (msg.type === 'done') finish(null, msg.truncated)
      else finish(new ApiError(msg.code as ApiErrorCode, msg.message))
    })
    // A worker that cannot load its module, or dies, must not leave the call hanging.
    worker.on('error', (err) => finish(new ApiError('internal', `Find in files failed: ${err.message}`)))
    worker.on('exit', (code) => finish(new ApiError('internal', `Find in files stopped unexpectedly (worker exit ${code})`)))
  })
}
