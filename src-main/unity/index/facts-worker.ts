import { parentPort } from 'node:worker_threads'
import { FactsEncoder, type EncodedFacts } from './facts-codec'
import { newScannedFile, readMetaFacts, scanFile } from './file-facts'

/**
 * Worker side of parallel-facts.ts: reads and scans the files it is sent and posts their facts
 * back, encoded (facts-codec.ts). Pure I/O + byte scanning, no shared state, so any number of
 * these can run at once.
 */
export interface FactsRequest {
  id: number
  root: string
  /**
   * Project-relative paths joined by NUL (which no path can contain): one string crosses the
   * thread boundary much faster than a thousand small ones.
   */
  rels: string
  /** False: no fstat per file (sizes from the bytes read, mtimes 0); see file-facts.ts load(). */
  timed: boolean
}

export interface FactsReply extends EncodedFacts {
  id: number
  bytesRead: number
}

const encoder = new FactsEncoder()
const scanned = newScannedFile()

parentPort?.on('message', (req: FactsRequest) => {
  let bytesRead = 0
  for (const rel of req.rels.split('\0')) {
    const abs = `${req.root}/${rel}`
    if (rel.endsWith('.meta')) {
      const m = readMetaFacts(abs, rel, undefined, req.timed)
      bytesRead += m.size
      encoder.meta(m)
    } else {
      const f = scanFile(abs, rel, undefined, encoder.table, scanned, req.timed)
      bytesRead += f.bytesRead
      encoder.file(f)
    }
  }
  const reply: FactsReply = { id: req.id, bytesRead, ...encoder.take() }
  // The arrays are moved, not copied.
  parentPort!.postMessage(reply, [reply.ints.buffer as ArrayBuffer, reply.nums.buffer as ArrayBuffer])
})
