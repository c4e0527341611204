import crypto from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { ApiError } from '../../../src-shared/contract-kit'
import type { assetprocCalls, BatchSummary } from '../../../src-shared/contract-assetproc'
import { isInsideRoot } from '../../core/confined-fs'
import { runBatch, type BatchRequest } from '../../assets/processing/batch'
import { busProgress } from '../../assets/processing/bus-events'
import { projectIdForFolder } from '../../store/project-id'
import { collectSources } from '../../assets/processing/collect'
import { readHistory, recordBatch, recordReplacement } from '../../assets/processing/history'
import { BUILTIN_PRESETS, readProjectPresets, savePreset } from '../../assets/processing/presets'
import { replaceSource } from '../../assets/processing/replace'
import type { BatchProgress } from '../../assets/processing/types'
import type { SlateCore } from '../../host/slate-core'
import type { Handlers } from '../handler'

type AssetprocCalls = keyof typeof assetprocCalls

function previewRoot(core: SlateCore): string {
  return path.join(core.dataDir, 'asset-previews')
}

/** Progress to the UI (contract event) and to the bus (slate.asset.batch.<id>.*) for the log aggregator. */
function reporter(core: SlateCore, root: string | undefined) {
  const data = core.data
  const onBus = data ? busProgress(data.bus, data.subjects, `app-${os.hostname()}-${process.pid}`, root ? projectIdForFolder(root) : null) : null
  return (p: BatchProgress) => {
    core.events.emit('assets.process.progress', p)
    onBus?.(p)
  }
}

async function batch(core: SlateCore, kind: BatchSummary['kind'], req: Omit<BatchRequest, 'pool' | 'onProgress'>): Promise<BatchSummary> {
  const startedAt = new Date().toISOString()
  // Each batch has its own pool (one thread per core): cancelling the call terminates its threads.
  const r = await runBatch({ ...req, onProgress: reporter(core, req.project ?? core.requireProject().root) })
  const summary: BatchSummary = { batchId: r.batchId, kind, startedAt, ms: r.ms, total: r.total, done: r.done, failed: r.failed, cancelled: r.cancelled, outDir: req.outDir ?? null, options: req.options, files: r.files }
  await recordBatch(core.dataDir, summary)
  return summary
}

export const assetprocHandlers: Handlers<AssetprocCalls> = {
  'assets.process.preview': async (core, args, { signal }) => {
    const root = core.requireProject().root
    const sources = collectSources(root, args.paths).slice(0, args.limit)
    const batchId = crypto.randomUUID()
    // no project: previews are not project files (no .meta); the project still bounds what a model may read
    return batch(core, 'preview', { project: undefined, readRoot: root, sources, options: args.options, outDir: path.join(previewRoot(core), batchId), batchId, signal })
  },
  'assets.process.run': async (core, args, { signal }) => {
    const root = core.requireProject().root
    if (args.outDir !== null && !path.isAbsolute(args.outDir)) throw new ApiError('invalid_argument', 'outDir must be an absolute folder (or null: beside each source)')
    const sources = collectSources(root, args.paths)
    if (!sources.length) throw new ApiError('invalid_argument', 'no texture, model or audio file in the selection')
    return batch(core, 'run', { project: root, sources, options: args.options, outDir: args.outDir ?? undefined, batchId: args.batchId, signal })
  },
  'assets.process.replace': async (core, args) => {
    const root = core.requireProject().root
    const output = path.resolve(args.output)
    // Only what SLATE made: a preview in its data folder, or an output of a batch in the history.
    const made = isInsideRoot(previewRoot(core), output) || readHistory(core.dataDir).some((b) => b.files.some((f) => f.outputs.some((o) => o.path === output)))
    if (!made) throw new ApiError('forbidden_path', 'only a file made by a preview or a batch can replace a source')
    const r = await replaceSource(root, args.source, output, core.dataDir)
    await recordReplacement(core.dataDir, output, { at: new Date().toISOString(), replacedBy: r.replacedBy, guid: r.guid, backupDir: r.backupDir })
    return r
  },
  'assets.process.history': async (core, args) => readHistory(core.dataDir).slice(0, args.limit),
  'assets.presets.get': async (core) => ({ project: (await readProjectPresets(core.requireProject().root)).presets, builtIn: BUILTIN_PRESETS }),
  'assets.presets.save': async (core, args) => {
    await savePreset(core.requireProject().root, args.name, args.preset)
    return { ok: true as const }
  },
}

