import { parentPort, workerData } from 'node:worker_threads'
import type { FindMatch } from '../../src-shared/types-ui'
import { scanProject, type FindQuery } from './find-scan'

/**
 * Worker side of find-node.ts: runs the pure-Node scan off the core's main thread, so a regex that
 * backtracks catastrophically only stalls this thread, which the caller terminates. Matches are
 * posted file by file so a scan that is cut short still hands back what it found.
 */
export interface FindWorkerRequest {
  root: string
  query: FindQuery
  max: number
}

export type FindWorkerMessage =
  | { type: 'file'; matches: FindMatch[] }
  | { type: 'done'; truncated: boolean }
  | { type: 'error'; code: string; message: string }

const req = workerData as FindWorkerRequest
const post = (msg: FindWorkerMessage) => parentPort!.postMessage(msg)

scanProject(req.root, req.query, req.max, (matches) => post({ type: 'file', matches }))
  .then(({ truncated }) => post({ type: 'done', truncated }))
  .catch((err: unknown) => post({ type: 'error', code: (err as { code?: string }).code ?? 'internal', message: (err as Error).message }))
