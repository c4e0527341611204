import { parentPort } from 'node:worker_threads'
import { readFileFacts, readMetaFacts, type FileFacts, type MetaFacts } from './file-facts'

/**
 * Worker side of parallel-facts.ts: reads and scans the files it is sent and posts their facts
 * back. Pure I/O + byte scanning, no shared state, so any number of these can run at once.
 */
export interface FactsRequest {
  id: number
  root: string
  rels: string[]
}

export interface FactsReply {
  id: number
  files: FileFacts[]
  metas: MetaFacts[]
  bytesRead: number
}

parentPort?.on('message', (req: FactsRequest) => {
  const files: FileFacts[] = []
  const metas: MetaFacts[] = []
  let bytesRead = 0
  for (const rel of req.rels) {
    const abs = `${req.root}/${rel}`
    if (rel.endsWith('.meta')) {
      const m = readMetaFacts(abs, rel)
      bytesRead += m.size
      metas.push(m)
    } else {
      const { bytesRead: n, ...facts } = readFileFacts(abs, rel)
      bytesRead += n
      files.push(facts)
    }
  }
  const reply: FactsReply = { id: req.id, files, metas, bytesRead }
  parentPort!.postMessage(reply)
})
