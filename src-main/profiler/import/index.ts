import path from 'node:path'
import fs from 'node:fs'
import type { ImportSummary } from '../../../src-shared/types-profiler'
import type { FrameTable } from '../frame-table'
import { ImportError, importProfileAnalyzerCsv } from './profile-analyzer'
import { importPerformanceTests } from './performance-tests'

export { ImportError }

const MAX_IMPORT_BYTES = 512 * 1024 * 1024

/** Read any supported file by its content (not its name): JSON → Performance Testing, else CSV. */
export async function importProfilerFile(file: string, opts: { targetFps?: number } = {}): Promise<{ summary: ImportSummary; table: FrameTable | null }> {
  const st = await fs.promises.stat(file).catch(() => null)
  if (!st || !st.isFile()) throw new ImportError(`No such file: ${file}`)
  if (st.size > MAX_IMPORT_BYTES) throw new ImportError(`${path.basename(file)} is larger than 512 MB`)
  const text = await fs.promises.readFile(file, 'utf8')
  return importProfilerText(text, path.basename(file), opts)
}

export function importProfilerText(text: string, name: string, opts: { targetFps?: number } = {}): { summary: ImportSummary; table: FrameTable | null } {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown
    try {
      json = JSON.parse(trimmed)
    } catch (err) {
      throw new ImportError(`${name} is not valid JSON: ${(err as Error).message}`)
    }
    return { summary: importPerformanceTests(json, name, opts.targetFps), table: null }
  }
  return importProfileAnalyzerCsv(text, name, opts.targetFps)
}
