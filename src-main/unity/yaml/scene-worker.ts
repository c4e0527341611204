import { parentPort, workerData } from 'node:worker_threads'
import { readRegularFileSync } from '../../core/regular-file'
import { parseSceneModel } from './scene-model'

/**
 * Worker side of scene-parse.ts: reads and parses one scene or prefab off the core's main thread
 * (a 12 MB prefab took ~4 s, during which no client was answered). GUIDs are resolved by the
 * caller, which holds the index.
 */
export interface SceneWorkerRequest {
  rel: string
  /** The real path, already confined to the project by the caller; opened without following links. */
  real: string
}

const req = workerData as SceneWorkerRequest
try {
  const text = readRegularFileSync(req.real, { label: req.rel, noFollow: true }).toString('utf8')
  parentPort!.postMessage({ ok: true, detail: parseSceneModel(req.rel, text, () => null) })
} catch (err) {
  parentPort!.postMessage({ ok: false, code: (err as { code?: string }).code ?? 'internal', message: (err as Error).message })
}
