import path from 'node:path'
import { z } from 'zod'
import { readConfined, writeFileConfined } from '../../core/confined-fs'
import { presetSchema, processOptionsSchema } from '../../../src-shared/contract-assetproc'
import type { ProcessOptions } from './types'

/**
 * Presets: built-in ones per platform, and the team's own in ProjectSettings/SlateAssetPresets.json
 * (version-controlled with the project, so everyone processes the same way). A project preset with
 * a built-in name replaces the built-in one.
 */
export const PRESETS_FILE = 'ProjectSettings/SlateAssetPresets.json'

const optionsSchema = processOptionsSchema

const fileSchema = z.object({ version: z.literal(1), presets: z.record(z.string().min(1).max(80), optionsSchema.extend({ description: z.string().max(400).optional() })) })
export type PresetsFile = z.infer<typeof fileSchema>

export const BUILTIN_PRESETS: Record<string, ProcessOptions & { description: string }> = {
  'mobile-textures': { description: 'Android/iOS: KTX2 ETC1S (→ ETC2/ASTC on device), ≤1024, power of two, mipmaps', format: 'ktx2', texture: { resize: 1024, powerOfTwo: true, basis: 'etc1s', mipmaps: true, quality: 60 } },
  'desktop-textures': { description: 'Desktop/console: KTX2 UASTC (→ BC7), ≤2048, mipmaps', format: 'ktx2', texture: { resize: 2048, basis: 'uastc', mipmaps: true, quality: 66 } },
  'web-textures': { description: 'WebGL: WebP quality 80, ≤2048', format: 'webp', texture: { resize: 2048, quality: 80 } },
  'model-lods': { description: 'GLB with LODs at 50 % and 25 % of the triangles', format: 'glb', model: { lods: [0.5, 0.25], lodError: 0.01 } },
  'audio-sfx': { description: 'Ogg Vorbis, 44.1 kHz mono, normalised to −16 LUFS', format: 'ogg', audio: { sampleRate: 44100, channels: 1, normalize: true, targetLufs: -16 } },
  'audio-music': { description: 'Ogg Vorbis, 48 kHz stereo, normalised to −14 LUFS', format: 'ogg', audio: { sampleRate: 48000, channels: 2, normalize: true, targetLufs: -14, bitrate: 192 } },
}

export async function readProjectPresets(project: string): Promise<PresetsFile> {
  let text: string
  try {
    text = (await readConfined(path.resolve(project), PRESETS_FILE, 1 << 20)).toString('utf8')
  } catch {
    return { version: 1, presets: {} }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new Error(`${PRESETS_FILE} is not valid JSON: ${(e as Error).message}`)
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) throw new Error(`${PRESETS_FILE}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data
}

export async function resolvePreset(project: string, name: string): Promise<ProcessOptions> {
  const file = await readProjectPresets(project)
  const p = file.presets[name] ?? BUILTIN_PRESETS[name]
  if (!p) throw new Error(`no preset "${name}" (project: ${Object.keys(file.presets).join(', ') || 'none'}; built-in: ${Object.keys(BUILTIN_PRESETS).join(', ')})`)
  const { description: _d, ...options } = p
  return options
}

/** Save (or replace) one preset in the project's file, keeping the others. */
export async function savePreset(project: string, name: string, options: ProcessOptions & { description?: string }): Promise<void> {
  const file = await readProjectPresets(project)
  file.presets[name] = presetSchema.parse(options)
  await writeFileConfined(path.resolve(project), PRESETS_FILE, `${JSON.stringify(file, null, 2)}\n`)
}
