import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { isInsideRoot, mkdirConfined, writeFileConfined } from '../../core/confined-fs'
import { sweepStaleTemps } from '../../core/stale-temps'
import { newGuid, renderNewMeta } from '../../unity/meta/meta-writer'
import { kindOfName } from './detect'
import { ProcessPool } from './worker-pool'
import type { BatchProgress, FileOutcome, ProcessedAsset, ProcessOptions, ProducedFile } from './types'

/**
 * A batch: every file through the pool, outputs written on this thread as each file finishes, one
 * at a time, each atomically (temp file + rename through the confined write path), so a batch that
 * is cancelled or killed leaves only whole outputs. A file that fails is reported and the batch goes on.
 * Sources are never written here: outputs go to `outDir` or beside the source under a new name.
 */
export interface BatchRequest {
  /** The Unity project the sources belong to (outputs inside it get a .meta). */
  project?: string
  /** Where a model's textures may be read from; default the project, else each source's folder. */
  readRoot?: string
  /** Absolute paths. */
  sources: string[]
  options: ProcessOptions
  /** Absolute folder; absent = beside each source, as `<name>-processed.<ext>`. */
  outDir?: string
  batchId?: string
  signal?: AbortSignal
  onProgress?: (p: BatchProgress) => void
  /** A pool to reuse (the app keeps one); else one is made for the batch and closed after. */
  pool?: ProcessPool
  concurrency?: number
}

export interface BatchResult {
  batchId: string
  cancelled: boolean
  files: FileOutcome[]
  done: number
  failed: number
  total: number
  ms: number
}

function stemOf(file: string): string {
  const base = path.basename(file)
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(0, dot) : base
}

/** How many sources of a batch share each folder + stem (`grid.gltf`, `grid.dae`): computed once per batch. */
const stemCounts = new WeakMap<Set<string>, Map<string, number>>()
function sharesStem(source: string, sources: Set<string>): boolean {
  let counts = stemCounts.get(sources)
  if (!counts) {
    counts = new Map()
    for (const s of sources) {
      const k = path.join(path.dirname(s), stemOf(s))
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
    stemCounts.set(sources, counts)
  }
  return (counts.get(path.join(path.dirname(source), stemOf(source))) ?? 0) > 1
}

/** The folder a source is placed by and may read beside: the project when it holds the source, else the source's own folder. */
function rootOf(source: string, project: string | undefined): string {
  return project && isInsideRoot(path.resolve(project), source) ? path.resolve(project) : path.dirname(source)
}

/**
 * Where each output goes: (root to confine the write to, path relative to it). Into an output
 * folder, `<stem>.<output>`; sources of one batch that share a folder and a stem (grid.gltf and
 * grid.dae both make a .glb) keep their extension in the name (`grid-dae.glb`), so none replaces
 * another's output.
 */
export function planOutput(source: string, produced: Pick<ProducedFile, 'name'>, req: Pick<BatchRequest, 'project' | 'outDir'>, sources: Set<string>): { root: string; rel: string; createOnly: boolean } {
  const ext = path.extname(source).slice(1)
  const stem = req.outDir && ext && sharesStem(path.resolve(source), sources) ? `${stemOf(source)}-${ext}` : stemOf(source)
  const name = `${stem}.${produced.name}`
  if (req.outDir) {
    const base = rootOf(source, req.project)
    const relDir = path.relative(base, path.dirname(source))
    let rel = path.join(relDir, name)
    // Never over a source, even when --out is the source's own folder.
    if (sources.has(path.resolve(req.outDir, rel))) rel = path.join(relDir, `${stem}-processed.${produced.name}`)
    return { root: req.outDir, rel, createOnly: false }
  }
  const dir = path.dirname(source)
  let rel = `${stemOf(source)}-processed.${produced.name}`
  for (let i = 2; fs.existsSync(path.join(dir, rel)) || sources.has(path.join(dir, rel)); i++) rel = `${stemOf(source)}-processed-${i}.${produced.name}`
  return { root: dir, rel, createOnly: true }
}

/** A new output under the project's Assets/ or Packages/ gets the .meta Unity would give it. */
async function metaFor(project: string | undefined, abs: string): Promise<string | undefined> {
  if (!project) return undefined
  const root = path.resolve(project)
  const rel = path.relative(root, abs).split(path.sep)
  if (!isInsideRoot(root, abs) || (rel[0] !== 'Assets' && rel[0] !== 'Packages')) return undefined
  const metaPath = `${abs}.meta`
  if (fs.existsSync(metaPath)) return metaPath
  const { text } = renderNewMeta(abs, { guid: newGuid(), folder: false })
  try {
    await writeFileConfined(root, path.relative(root, metaPath), text, { createOnly: true })
  } catch {
    // Someone (Unity) made it meanwhile: theirs stands.
  }
  return metaPath
}

async function writeOutputs(source: string, result: ProcessedAsset, req: BatchRequest, sources: Set<string>): Promise<FileOutcome['outputs']> {
  const written: FileOutcome['outputs'] = []
  for (const out of result.outputs) {
    const plan = planOutput(source, out, req, sources)
    const abs = await writeFileConfined(plan.root, plan.rel, out.data, { createOnly: plan.createOnly })
    const meta = await metaFor(req.project, abs)
    written.push({ path: abs, figures: out.figures, ...(out.lod !== undefined ? { lod: out.lod, ratio: out.ratio } : {}), ...(meta ? { meta } : {}) })
  }
  return written
}

/** Make the chosen output folder: from its nearest existing ancestor, each new folder a checked step. */
export async function ensureOutDir(outDir: string): Promise<void> {
  let base = path.resolve(outDir)
  while (!fs.existsSync(base) && path.dirname(base) !== base) base = path.dirname(base)
  if (base !== path.resolve(outDir)) await mkdirConfined(base, path.relative(base, path.resolve(outDir)))
}

/**
 * Before a batch writes: remove the temps a killed earlier batch left where this one writes (the
 * output folder and below, or the folders of the sources), so no hidden half-file piles up.
 * Only SLATE's temp names of processes that are gone (core/stale-temps.ts).
 */
export async function sweepOutputFolders(req: Pick<BatchRequest, 'outDir' | 'sources'>): Promise<string[]> {
  if (req.outDir) return (await sweepStaleTemps(req.outDir, { recursive: true })).removed
  const dirs = [...new Set(req.sources.map((s) => path.dirname(path.resolve(s))))]
  const removed: string[] = []
  for (const d of dirs) removed.push(...(await sweepStaleTemps(d)).removed)
  return removed
}

export async function runBatch(req: BatchRequest): Promise<BatchResult> {
  if (req.outDir) await ensureOutDir(req.outDir)
  const swept = await sweepOutputFolders(req).catch(() => [])
  const t0 = Date.now()
  const batchId = req.batchId ?? crypto.randomUUID()
  const pool = req.pool ?? new ProcessPool(req.concurrency)
  const sources = new Set(req.sources.map((s) => path.resolve(s)))
  const files: FileOutcome[] = []
  let failed = 0
  let cancelled = req.signal?.aborted ?? false
  const total = req.sources.length
  const emit = (p: Omit<BatchProgress, 'batchId' | 'total' | 'done' | 'failed'>) => req.onProgress?.({ batchId, total, done: files.length, failed, ...p })
  const onAbort = () => {
    cancelled = true
    if (!req.pool) void pool.close()
  }
  req.signal?.addEventListener('abort', onAbort, { once: true })
  emit({ phase: 'started', ...(swept.length ? { sweptTemps: swept.length } : {}) })
  // Writes are chained so that outputs land one file at a time, in the order files finish.
  let writes = Promise.resolve()
  try {
    await Promise.all(
      req.sources.map(async (s) => {
        const source = path.resolve(s)
        const started = Date.now()
        let outcome: FileOutcome
        try {
          const result = await pool.run(source, req.options, rootOf(source, req.readRoot ?? req.project))
          if (cancelled) return
          const outputs = await new Promise<FileOutcome['outputs']>((resolve, reject) => {
            writes = writes.then(() => (cancelled ? resolve([]) : writeOutputs(source, result, req, sources).then(resolve, reject)))
          })
          if (cancelled && !outputs.length) return
          outcome = { source, kind: result.kind, ok: true, before: result.before, outputs, ms: Date.now() - started }
        } catch (e) {
          if (cancelled) return
          failed++
          outcome = { source, kind: kindOfName(source), ok: false, error: (e as Error).message, outputs: [], ms: Date.now() - started }
        }
        files.push(outcome)
        emit({ phase: 'file', file: outcome })
      }),
    )
  } finally {
    req.signal?.removeEventListener('abort', onAbort)
    if (!req.pool) await pool.close()
  }
  emit({ phase: cancelled ? 'cancelled' : 'finished' })
  return { batchId, cancelled, files, done: files.length, failed, total, ms: Date.now() - t0 }
}
