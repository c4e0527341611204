import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { Document, Logger, NodeIO, Primitive } from '@gltf-transform/core'
import { ALL_EXTENSIONS } from '@gltf-transform/extensions'
import { cloneDocument, dedup, prune, quantize, simplify, weld } from '@gltf-transform/functions'
import { readConfined } from '../../core/confined-fs'
import { extOf } from './detect'
import { FBX_BINARY_MAGIC, isBinaryFbx } from './fbx/fbx-binary'
import { readBinaryFbx } from './fbx/fbx-geometry'
import { LOSSLESS_PNG, openImage } from './texture'
import { AssetInputError, type ModelFormat, type ModelOptions, type ProcessedAsset, type ProducedFile } from './types'

/**
 * Models: glTF/GLB are read with glTF-Transform; binary FBX (what artists usually deliver) by
 * SLATE's own reader in ./fbx, because Debian's assimp 5.2.5 cannot read binary FBX at all (not
 * even its own) and no npm package reads it in Node; anything else (ASCII FBX, OBJ, DAE…) is first
 * converted to GLB by `assimp export` (assimp-utils), whose textures are then embedded from beside
 * the source (readConverted). Then weld → dedup → prune (→ quantize), LODs
 * with meshoptimizer's simplifier, and scale.
 */
const run = promisify(execFile)
export const ASSIMP = process.env.SLATE_ASSIMP ?? 'assimp'

type Simplifier = typeof import('meshoptimizer').MeshoptSimplifier
let simplifierP: Promise<Simplifier> | null = null
function loadSimplifier(): Promise<Simplifier> {
  simplifierP ??= import('meshoptimizer').then(async (m) => {
    await m.MeshoptSimplifier.ready
    return m.MeshoptSimplifier
  })
  return simplifierP
}

export function triangleCount(doc: Document): number {
  let n = 0
  for (const mesh of doc.getRoot().listMeshes()) {
    for (const prim of mesh.listPrimitives()) {
      const mode = prim.getMode()
      const count = prim.getIndices()?.getCount() ?? prim.getAttribute('POSITION')?.getCount() ?? 0
      if (mode === Primitive.Mode.TRIANGLES) n += Math.floor(count / 3)
      else if (mode === Primitive.Mode.TRIANGLE_STRIP || mode === Primitive.Mode.TRIANGLE_FAN) n += Math.max(0, count - 2)
    }
  }
  return n
}

async function toGlb(file: string, tmp: string): Promise<string> {
  const out = path.join(tmp, 'converted.glb')
  try {
    await run(ASSIMP, ['export', file, out, '-fglb2'], { timeout: 5 * 60_000, maxBuffer: 16 << 20 })
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string }
    if (err.code === 'ENOENT') throw new Error('assimp is not installed (Debian: apt-get install assimp-utils)')
    const text = `${err.stdout ?? ''}\n${err.stderr ?? ''}`
    const why = text.split('\n').find((l) => /ERROR|error/.test(l))?.replace(/^\s*ERROR:\s*/, '') ?? err.message
    throw new AssetInputError(`assimp cannot read this ${extOf(file).slice(1).toUpperCase()} file: ${why.trim()}`)
  }
  return out
}

/** What core glTF embeds as it is; anything else needs an extension on the texture, so it becomes a PNG. */
const GLTF_IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' }

/** A texture glTF cannot hold, as a PNG of the same pixels. */
async function losslessPng(file: string, bytes: Buffer): Promise<Buffer> {
  return (await openImage(file, bytes)).png(LOSSLESS_PNG).toBuffer()
}

/**
 * assimp's GLB names the textures of an OBJ's .mtl or a DAE by the paths the source gives,
 * relative to the source, and does not embed them; read from the temp folder they would all be
 * missing and the model would fail. They are read beside the source (as NodeIO does for a .gltf
 * there) and embedded; a TGA, BMP or WebP (TGA is usual in .mtl files) becomes a PNG; one
 * that cannot be found or read is left out with a note, and the material keeps its colour.
 */
const MAX_TEXTURE_BYTES = 512 << 20

/**
 * NodeIO that opens the model itself and, for the files it names (a .gltf's buffers and images),
 * only what the core's confined read allows inside `root` (no `..` or absolute path out, no link
 * out, no FIFO): a model is untrusted input. `root` null: nothing but the model (assimp's GLB,
 * whose image paths SLATE resolves itself in readConverted).
 */
class ConfinedIO extends NodeIO {
  constructor(
    private readonly model: string,
    private readonly root: string | null,
  ) {
    super()
  }
  protected override readURI(uri: string, type: 'view'): Promise<Uint8Array<ArrayBuffer>>
  protected override readURI(uri: string, type: 'text'): Promise<string>
  protected override async readURI(uri: string, type: 'view' | 'text'): Promise<Uint8Array | string> {
    const abs = path.resolve(uri)
    if (abs === this.model) return type === 'view' ? super.readURI(uri, 'view') : super.readURI(uri, 'text')
    if (!this.root) throw new Error('companion files are read by SLATE, confined to the project')
    const bytes = await readConfined(this.root, abs, MAX_TEXTURE_BYTES)
    return type === 'view' ? new Uint8Array(bytes) : bytes.toString('utf8')
  }
}

async function readConverted(io: ConfinedIO, glb: string, source: string, readRoot: string, notes: string[]): Promise<Document> {
  // Not strict: an image it may not read becomes a null resource instead of an error, and is resolved here.
  const raw = await new ConfinedIO(path.resolve(glb), null).setLogger(new Logger(Logger.Verbosity.SILENT)).setStrictResources(false).readAsJSON(glb)
  const dropped: string[] = []
  for (const image of raw.json.images ?? []) {
    const uri = image.uri
    if (!uri || /^data:/.test(uri) || raw.resources[uri]) continue // embedded (a GLB chunk or a data URI)
    try {
      const file = path.resolve(path.dirname(source), decodeURI(uri).replace(/\\/g, '/'))
      // through the core's confined read: never outside readRoot, never through a link out of it, never a FIFO
      const bytes = await readConfined(readRoot, file, MAX_TEXTURE_BYTES)
      const type = GLTF_IMAGE_TYPES[extOf(file)]
      if (type) {
        raw.resources[uri] = new Uint8Array(bytes)
        image.mimeType = type
      } else {
        raw.resources[uri] = new Uint8Array(await losslessPng(file, bytes))
        image.mimeType = 'image/png'
        notes.push(`texture ${uri} embedded as PNG`)
      }
    } catch {
      dropped.push(uri)
    }
  }
  const doc = await io.readJSON(raw)
  for (const texture of doc.getRoot().listTextures()) if (!texture.getImage()) texture.dispose()
  if (dropped.length) notes.push(`texture${dropped.length > 1 ? 's' : ''} not found or unreadable beside the source, left out: ${dropped.join(', ')}`)
  return doc
}

export async function processModel(file: string, o: ModelOptions, format: ModelFormat = 'glb', readRoot = path.dirname(file)): Promise<ProcessedAsset> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'slate-model-'))
  const notes: string[] = []
  try {
    // ALL_EXTENSIONS includes KHR_materials_pbrSpecularGlossiness, which assimp writes beside
    // pbrMetallicRoughness (both carrying the .mtl's Kd): kept as it is, so no metalRough() pass.
    const io = new ConfinedIO(path.resolve(file), readRoot).registerExtensions(ALL_EXTENSIONS)
    io.setLogger(new Logger(Logger.Verbosity.ERROR))
    const ext = extOf(file)
    let doc: Document
    if (ext === '.fbx' && (await startsWithBinaryFbxMagic(file))) {
      const fbx = readBinaryFbx(await readWhole(file))
      doc = fbx.document
      doc.setLogger(new Logger(Logger.Verbosity.ERROR))
      notes.push(...fbx.notes)
    } else {
      const converted = ext !== '.glb' && ext !== '.gltf'
      const source = converted ? await toGlb(file, tmp) : file
      if (converted) notes.push(`${ext.slice(1).toUpperCase()} converted to GLB with assimp`)
      try {
        doc = converted ? await readConverted(io, source, file, readRoot, notes) : await io.read(source)
      } catch (e) {
        throw new AssetInputError(`cannot read the glTF: ${(e as Error).message}`)
      }
    }
    const bytesBefore = (await fs.stat(file)).size
    const trianglesBefore = triangleCount(doc)
    if (o.scale && o.scale !== 1) scaleScene(doc, o.scale)
    // keepUniqueNames: materials named apart in the source (BanyanBark, BanyanBranches) stay apart
    await doc.transform(weld(), dedup({ keepUniqueNames: true }), prune())
    const lods = [1, ...(o.lods ?? []).filter((r) => r > 0 && r < 1)]
    const outputs: ProducedFile[] = []
    const simplifier = lods.length > 1 ? await loadSimplifier() : null
    for (let i = 0; i < lods.length; i++) {
      const ratio = lods[i]
      const lodDoc = i === 0 ? doc : cloneDocument(doc)
      if (i > 0) await lodDoc.transform(simplify({ simplifier: simplifier!, ratio, error: o.lodError ?? 0.01 }), prune())
      const triangles = triangleCount(lodDoc)
      if (o.quantize) await lodDoc.transform(quantize())
      const data = format === 'gltf' ? await writeEmbeddedGltf(io, lodDoc) : await io.writeBinary(lodDoc)
      const suffix = i === 0 ? '' : `.lod${i}`
      outputs.push({ name: `${suffix.slice(1)}${suffix ? '.' : ''}${format}`, data, lod: i, ratio, figures: { bytes: data.byteLength, triangles } })
    }
    if (simplifier) notes.push(`LODs with meshoptimizer's simplifier (error ≤ ${o.lodError ?? 0.01})`)
    return { kind: 'model', before: { bytes: bytesBefore, triangles: trianglesBefore }, outputs, notes }
  } finally {
    await fs.rm(tmp, { recursive: true, force: true })
  }
}

async function startsWithBinaryFbxMagic(file: string): Promise<boolean> {
  const fh = await fs.open(file, 'r')
  try {
    const head = Buffer.alloc(FBX_BINARY_MAGIC.length)
    const { bytesRead } = await fh.read(head, 0, head.length, 0)
    return isBinaryFbx(head.subarray(0, bytesRead))
  } finally {
    await fh.close()
  }
}

/** Node cannot hold a file over 2 GiB in one buffer; say so instead of failing inside readFile. */
async function readWhole(file: string): Promise<Buffer> {
  const { size } = await fs.stat(file)
  if (size > 2 ** 31 - 1) throw new AssetInputError(`this binary FBX is ${(size / 2 ** 30).toFixed(1)} GiB; SLATE reads binary FBX files up to 2 GiB`)
  return fs.readFile(file)
}

function scaleScene(doc: Document, k: number): void {
  for (const scene of doc.getRoot().listScenes()) {
    for (const node of scene.listChildren()) {
      const [sx, sy, sz] = node.getScale()
      const [tx, ty, tz] = node.getTranslation()
      node.setScale([sx * k, sy * k, sz * k]).setTranslation([tx * k, ty * k, tz * k])
    }
  }
}

/** One self-contained .gltf: buffers and images as data URIs, so one output file is the whole model. */
async function writeEmbeddedGltf(io: NodeIO, doc: Document): Promise<Uint8Array> {
  const { json, resources } = await io.writeJSON(doc)
  for (const buf of json.buffers ?? []) {
    if (buf.uri && resources[buf.uri]) buf.uri = `data:application/octet-stream;base64,${Buffer.from(resources[buf.uri]).toString('base64')}`
  }
  for (const img of json.images ?? []) {
    if (img.uri && resources[img.uri]) img.uri = `data:${img.mimeType ?? 'image/png'};base64,${Buffer.from(resources[img.uri]).toString('base64')}`
  }
  return Buffer.from(JSON.stringify(json))
}
