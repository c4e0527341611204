import fs from 'node:fs'
import path from 'node:path'
import type { BatchSummary } from '../../../src-shared/contract-assetproc'
import { writeFileConfined } from '../../core/confined-fs'
import { ensureOutDir } from './batch'

/** The latest batches, in `<data>/asset-batches.json` (newest first, 50 kept, outcomes cut to 500 files). */
const FILE = 'asset-batches.json'
const KEEP = 50

export function readHistory(dataDir: string): BatchSummary[] {
  try {
    const list = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as unknown
    return Array.isArray(list) ? (list as BatchSummary[]) : []
  } catch {
    return []
  }
}

let chain = Promise.resolve()
export function recordBatch(dataDir: string, b: BatchSummary): Promise<void> {
  chain = chain.then(async () => {
    await ensureOutDir(dataDir)
    const list = [{ ...b, files: b.files.slice(0, 500) }, ...readHistory(dataDir).filter((x) => x.batchId !== b.batchId)].slice(0, KEEP)
    await writeFileConfined(dataDir, FILE, JSON.stringify(list))
  }).catch(() => {})
  return chain
}

/** Mark, in the batch that made `output`, that it replaced its source (the history then shows it). */
export function recordReplacement(dataDir: string, output: string, replaced: NonNullable<BatchSummary['files'][number]['replaced']>): Promise<void> {
  chain = chain.then(async () => {
    const list = readHistory(dataDir)
    let changed = false
    for (const b of list) {
      for (const f of b.files) {
        if (f.outputs.some((o) => o.path === output)) {
          f.replaced = replaced
          changed = true
        }
      }
    }
    if (changed) await writeFileConfined(dataDir, FILE, JSON.stringify(list))
  }).catch(() => {})
  return chain
}
