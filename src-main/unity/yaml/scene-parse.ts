import { Worker } from 'node:worker_threads'
import { ApiError, type ApiErrorCode } from '../../../src-shared/api-error'
import type { SceneDetail } from '../../../src-shared/types-unity'
import { readRegularFile } from '../../core/regular-file'
import { workerScript } from '../../core/worker-script'
import { parseSceneModel } from './scene-model'
import type { SceneWorkerRequest } from './scene-worker'

/** Below this a scene is parsed inline: starting a thread costs more than the parse. */
export const INLINE_SCENE_BYTES = 256 * 1024

type WorkerReply = { ok: true; detail: SceneDetail } | { ok: false; code: string; message: string }

/**
 * Parse a scene or prefab for the detail view without blocking the event loop: large files are
 * read and parsed on a worker thread; the main thread only resolves GUIDs to paths afterwards.
 * `real` must already be the confined real path (resolveExistingConfined).
 */
export async function parseSceneFile(rel: string, real: string, size: number, resolveGuid: (guid: string) => string | null): Promise<SceneDetail> {
  if (size <= INLINE_SCENE_BYTES) {
    const text = (await readRegularFile(real, { label: rel, noFollow: true })).toString('utf8')
    return parseSceneModel(rel, text, resolveGuid)
  }
  const detail = await inWorker({ rel, real })
  for (const p of detail.prefabInstances) p.sourcePath = p.sourceGuid ? resolveGuid(p.sourceGuid) : null
  return detail
}

function inWorker(request: SceneWorkerRequest): Promise<SceneDetail> {
  return new Promise((resolve, reject) => {
    const spec = workerScript(import.meta.url, 'scene-worker')
    let worker: Worker
    try {
      worker = new Worker(spec.script, { ...spec.options, workerData: request })
    } catch (err) {
      reject(new ApiError('internal', `The scene reader could not start its worker: ${(err as Error).message}`))
      return
    }
    let settled = false
    worker.once('message', (msg: WorkerReply) => {
      settled = true
      void worker.terminate()
      if (msg.ok) resolve(msg.detail)
      else reject(new ApiError((msg.code as ApiErrorCode) ?? 'internal', msg.message))
    })
    worker.once('error', (err) => {
      if (settled) return
      settled = true
      reject(new ApiError('internal', `Reading "${request.rel}" failed: ${err.message}`))
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new ApiError('internal', `The scene reader stopped (exit ${code}) while reading "${request.rel}"`))
    })
  })
}
