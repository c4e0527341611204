import fs from 'node:fs/promises'
import path from 'node:path'
import { processAudio } from './audio'
import { checkHead, kindOfName } from './detect'
import { processModel } from './model'
import { processTexture } from './texture'
import { AssetInputError, type AudioFormat, type ModelFormat, type ProcessedAsset, type ProcessOptions, type TextureFormat } from './types'

const TEXTURE_FORMATS = new Set(['png', 'jpg', 'webp', 'ktx2'])
const MODEL_FORMATS = new Set(['glb', 'gltf'])
const AUDIO_FORMATS = new Set(['wav', 'mp3', 'ogg', 'opus'])

/**
 * Process one file (absolute path) by its kind. The asked-for format applies only to the kind it
 * belongs to, so one `--format webp` batch over a mixed selection leaves models and audio in their
 * default format instead of failing them. Companion files (the textures a model names) are read
 * only inside `readRoot` (the project, or else the file's own folder): a model is untrusted and
 * its .mtl may name any path.
 */
export async function processFile(file: string, o: ProcessOptions, readRoot = path.dirname(file)): Promise<ProcessedAsset> {
  const kind = kindOfName(file)
  if (!kind) throw new AssetInputError('not a texture, model or audio file SLATE can process')
  const st = await fs.stat(file)
  if (!st.isFile()) throw new AssetInputError('not a regular file')
  const handle = await fs.open(file, 'r')
  const head = Buffer.alloc(512)
  try {
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    checkHead(file, head.subarray(0, bytesRead), st.size)
  } finally {
    await handle.close()
  }
  const f = o.format
  if (kind === 'texture') {
    // One image at a time per worker: the pool bounds how many are decoded at once.
    const data = await fs.readFile(file)
    return processTexture(file, data, o.texture ?? {}, o.texture?.format ?? (f && TEXTURE_FORMATS.has(f) ? (f as TextureFormat) : undefined))
  }
  if (kind === 'model') return processModel(file, o.model ?? {}, o.model?.format ?? (f && MODEL_FORMATS.has(f) ? (f as ModelFormat) : 'glb'), readRoot)
  return processAudio(file, o.audio ?? {}, o.audio?.format ?? (f && AUDIO_FORMATS.has(f) ? (f as AudioFormat) : undefined))
}
