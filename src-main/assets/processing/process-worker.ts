import { parentPort } from 'node:worker_threads'
import { processFile } from './process-file'
import type { ProcessOptions } from './types'

/** One pool thread: takes one file at a time, answers with the outputs' bytes transferred (not copied). */
interface Job {
  id: number
  file: string
  options: ProcessOptions
  readRoot?: string
}

parentPort!.on('message', (job: Job) => {
  processFile(job.file, job.options, job.readRoot).then(
    (result) => {
      const transfer = result.outputs.map((o) => {
        const copy = o.data.byteOffset === 0 && o.data.byteLength === o.data.buffer.byteLength ? o.data : new Uint8Array(o.data)
        o.data = copy
        return copy.buffer as ArrayBuffer
      })
      parentPort!.postMessage({ id: job.id, ok: true, result }, transfer)
    },
    (err: Error) => parentPort!.postMessage({ id: job.id, ok: false, error: err.message, input: err.name === 'AssetInputError' }),
  )
})
