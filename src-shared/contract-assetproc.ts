import { z } from 'zod'
import { call, event, projectPath } from './contract-kit'
import type * as A from './types-assetproc'

/**
 * Asset processing (src-main/assets/processing): preview, run (progress per file and in total,
 * cancellable through the call's signal), replace a source after a preview, the batch history and
 * the project's presets (ProjectSettings/SlateAssetPresets.json).
 */
export const processOptionsSchema = z
  .object({
    format: z.enum(['png', 'jpg', 'webp', 'ktx2', 'glb', 'gltf', 'wav', 'mp3', 'ogg', 'opus']).optional(),
    texture: z.object({ format: z.enum(['png', 'jpg', 'webp', 'ktx2']).optional(), resize: z.number().int().positive().max(16384).optional(), fit: z.enum(['fit', 'cover']).optional(), powerOfTwo: z.boolean().optional(), quality: z.number().min(1).max(100).optional(), basis: z.enum(['etc1s', 'uastc']).optional(), mipmaps: z.boolean().optional(), normalMap: z.boolean().optional() }).strict().optional(),
    model: z.object({ format: z.enum(['glb', 'gltf']).optional(), lods: z.array(z.number().gt(0).max(1)).max(8).optional(), lodError: z.number().min(0).max(1).optional(), scale: z.number().positive().optional(), quantize: z.boolean().optional() }).strict().optional(),
    audio: z.object({ format: z.enum(['wav', 'mp3', 'ogg', 'opus']).optional(), sampleRate: z.number().int().min(8000).max(192000).optional(), channels: z.union([z.literal(1), z.literal(2)]).optional(), normalize: z.boolean().optional(), targetLufs: z.number().min(-70).max(0).optional(), bitrate: z.number().int().min(8).max(512).optional() }).strict().optional(),
  })
  .strict()

export const presetSchema = processOptionsSchema.extend({ description: z.string().max(400).optional() })

export interface BatchSummary {
  batchId: string
  kind: 'preview' | 'run'
  startedAt: string
  ms: number
  total: number
  done: number
  failed: number
  cancelled: boolean
  outDir: string | null
  options: A.ProcessOptions
  files: A.FileOutcome[]
}

const paths = z.array(projectPath).min(1).max(100_000)

export const assetprocCalls = {
  'assets.process.preview': call<BatchSummary>()(
    z.object({ paths, options: processOptionsSchema, limit: z.number().int().min(1).max(200).default(20) }).strict(),
    "Process the first `limit` files of a selection into SLATE's data folder (nothing in the project changes): before/after size, dimensions, triangles, loudness",
  ),
  'assets.process.run': call<BatchSummary>()(
    z.object({ paths, options: processOptionsSchema, outDir: z.string().min(1).max(4096).nullable(), batchId: z.string().uuid().optional() }).strict(),
    'Process a selection on every core: outputs to outDir (absolute) or beside each source under a new name; progress on assets.process.progress; cancel the call to stop',
  ),
  'assets.process.replace': call<{ source: string; replacedBy: string; backupDir: string; guid: string | null; bytesBefore: number; bytesAfter: number }>()(
    z.object({ source: projectPath, output: z.string().min(1).max(4096) }).strict(),
    "Replace a source with a processed file (from a preview or a run): the original and its .meta are backed up in SLATE's data folder, the .meta (GUID) is kept",
  ),
  'assets.process.history': call<BatchSummary[]>()(z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(), 'The latest batches, newest first'),
  'assets.presets.get': call<{ project: Record<string, z.infer<typeof presetSchema>>; builtIn: Record<string, z.infer<typeof presetSchema>> }>()(z.object({}).strict(), "Processing presets: the project's (ProjectSettings/SlateAssetPresets.json) and the built-in ones"),
  'assets.presets.save': call<{ ok: true }>()(z.object({ name: z.string().min(1).max(80), preset: presetSchema }).strict(), "Save one preset in the project's SlateAssetPresets.json"),
}

export const assetprocEvents = {
  // every file counts (a progress list must not skip one); keyed by batch so a client follows one
  'assets.process.progress': event<A.BatchProgress>('A batch started, finished a file (with its outcome), finished or was cancelled', { mode: 'every', key: (p) => p.batchId }),
}
