import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { Document, NodeIO } from '@gltf-transform/core'
import { ALL_EXTENSIONS } from '@gltf-transform/extensions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unityFixture } from '../../testing/fixtures'
import { parseMeta } from '../../unity/meta/meta-file'
import { ffmpegPath } from './audio'
import { runBatch } from './batch'
import { processModel } from './model'
import type { FileOutcome } from './types'
import { ProcessPool } from './worker-pool'

/**
 * Pipeline paths processing.test.ts does not walk: TGA in, JPEG out, the .meta of model and audio
 * outputs inside a project, an 8192² image, and the material colours of an OBJ converted by assimp.
 * Real files and real tools throughout (ImageMagick, ffmpeg, assimp, sharp).
 */
const terrainPng = path.join(unityFixture('2d-techdemos'), 'Assets/Tilemap/Tiles/Terrain Tile/Sprites/Terrain Tiles.png')
const banyanDir = path.join(unityFixture('NavMeshComponents'), 'Assets/Examples/Prefabs')
const jettyMeta = path.join(unityFixture('BoatAttack'), 'Assets/Audio/Water/Jetty.wav.meta')
const GUID = /^[0-9a-f]{32}$/
let tmp: string
let pool: ProcessPool

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-pipeline-formats-'))
  pool = new ProcessPool(2)
})
afterAll(async () => {
  await pool.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

function only(files: FileOutcome[]): FileOutcome {
  expect(files).toHaveLength(1)
  expect(files[0].error).toBeUndefined()
  expect(files[0].ok).toBe(true)
  return files[0]
}

async function rgba(file: string | Buffer) {
  return sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
}

describe('textures', () => {
  it('reads TGA (bottom-up and top-down, uncompressed and RLE) made by ImageMagick from a real PNG into a lossless PNG of exactly the source pixels', async () => {
    const dir = path.join(tmp, 'tga')
    fs.mkdirSync(dir)
    // ImageMagick 6 writes a PNG's rows top-down yet marks the TGA bottom-up (descriptor 0x08), so
    // every TGA reader that follows the format (ffmpeg's, SLATE's) shows it upside down: each
    // variant here says its orientation explicitly, and ffmpeg's decoder vouches that it is the PNG.
    const variants: Array<{ name: string; args: string[]; type: number; descriptor: number }> = [
      { name: 'bottom-up.tga', args: ['-flip'], type: 2, descriptor: 0x08 },
      { name: 'bottom-up-rle.tga', args: ['-flip', '-compress', 'RLE'], type: 10, descriptor: 0x08 },
      { name: 'top-down.tga', args: ['-orient', 'TopLeft'], type: 2, descriptor: 0x28 },
      { name: 'top-down-rle.tga', args: ['-orient', 'TopLeft', '-compress', 'RLE'], type: 10, descriptor: 0x28 },
    ]
    const want = await rgba(terrainPng)
    expect(want.info).toMatchObject({ width: 512, height: 512, channels: 4 })
    for (const v of variants) {
      const file = path.join(dir, v.name)
      execFileSync('convert', [terrainPng, ...v.args, file])
      const head = fs.readFileSync(file).subarray(0, 18)
      expect({ name: v.name, type: head[2], bits: head[16], descriptor: head[17] }).toEqual({ name: v.name, type: v.type, bits: 32, descriptor: v.descriptor })
      const byFfmpeg = execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 8 << 20 })
      expect(byFfmpeg.equals(want.data)).toBe(true)
    }
    // PNG output is lossless: the pipeline's PNG of the source PNG has its exact pixels, and so
    // has each TGA's (any decoding slip shows).
    const r = await runBatch({ sources: [terrainPng, ...variants.map((v) => path.join(dir, v.name))], options: { format: 'png' }, outDir: path.join(tmp, 'tga-out'), pool })
    expect(r.failed).toBe(0)
    expect(r.files).toHaveLength(variants.length + 1)
    const fromPng = await rgba(fs.readFileSync(r.files.find((f) => f.source === terrainPng)!.outputs[0].path))
    expect(fromPng.data.equals(want.data)).toBe(true)
    for (const f of r.files.filter((x) => x.source !== terrainPng)) {
      const out = f.outputs[0]
      expect(path.extname(out.path)).toBe('.png')
      const bytes = fs.readFileSync(out.path)
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
      expect(f.before).toMatchObject({ width: 512, height: 512 })
      const got = await rgba(bytes)
      expect(got.info).toMatchObject({ width: 512, height: 512 })
      expect({ source: path.basename(f.source), same: got.data.equals(fromPng.data) }).toEqual({ source: path.basename(f.source), same: true })
    }
  })

  it('--format jpg writes a real JPEG of the asked-for size, alpha flattened', async () => {
    const r = await runBatch({ sources: [terrainPng], options: { format: 'jpg', texture: { resize: 200 } }, outDir: path.join(tmp, 'jpg-out'), pool })
    const out = only(r.files).outputs[0]
    expect(path.basename(out.path)).toBe('Terrain Tiles.jpg')
    const bytes = fs.readFileSync(out.path)
    expect(bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff')
    expect(bytes.subarray(-2).toString('hex')).toBe('ffd9')
    const m = await sharp(bytes).metadata()
    expect(m).toMatchObject({ format: 'jpeg', width: 200, height: 200, channels: 3 })
    expect(out.figures).toMatchObject({ width: 200, height: 200, bytes: bytes.length })
  })

  it('resizes a generated 8192×8192 PNG to a 1024-wide WebP in the pool', async () => {
    const side = 8192
    // A gradient in each channel: large, yet a few MB as a PNG, and a resize that keeps a pattern to check.
    const px = Buffer.alloc(side * side * 3)
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const i = (y * side + x) * 3
        px[i] = x >> 5
        px[i + 1] = y >> 5
        px[i + 2] = 128
      }
    }
    const big = path.join(tmp, 'big.png')
    await sharp(px, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 6 }).toFile(big)
    const r = await runBatch({ sources: [big], options: { format: 'webp', texture: { resize: 1024 } }, outDir: path.join(tmp, 'big-out'), pool })
    const f = only(r.files)
    expect(f.before).toMatchObject({ width: side, height: side })
    const m = await sharp(f.outputs[0].path).metadata()
    expect(m).toMatchObject({ format: 'webp', width: 1024, height: 1024 })
    // The gradient survived: left edge dark red, right edge full red.
    const { data } = await sharp(f.outputs[0].path).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    expect(data[0]).toBeLessThan(8)
    expect(data[(1024 - 1) * 3]).toBeGreaterThan(247)
  })
})

describe('audio', () => {
  it('writes Ogg Vorbis at 22.05 kHz mono (a rate and layout libvorbis has no 160 kbit/s mode for)', async () => {
    const wav = path.join(tmp, 'mono-22k.wav')
    execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050:duration=0.5', '-ac', '1', wav])
    const r = await runBatch({ sources: [wav], options: { format: 'ogg', audio: { channels: 1 } }, outDir: path.join(tmp, 'ogg-out'), pool })
    const out = only(r.files).outputs[0]
    expect(fs.readFileSync(out.path).subarray(0, 4).toString('latin1')).toBe('OggS')
    // ffmpeg decodes it to the end without an error (execFileSync throws on a non-zero exit)
    execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-xerror', '-i', out.path, '-f', 'null', '-'], { stdio: 'pipe' })
    expect(out.figures).toMatchObject({ sampleRate: 22050, channels: 1 })
  })
})

describe('the .meta of outputs inside a project', () => {
  it("gives each model and audio output the importer Unity picks for its extension and a fresh GUID; outside the project, none", async () => {
    const project = path.join(tmp, 'proj')
    const models = path.join(project, 'Assets/Models')
    const audio = path.join(project, 'Assets/Audio')
    fs.mkdirSync(models, { recursive: true })
    fs.mkdirSync(audio, { recursive: true })
    const fbx = path.join(models, 'BanyanTree.fbx')
    fs.copyFileSync(path.join(banyanDir, 'BanyanTree.fbx'), fbx)
    fs.copyFileSync(path.join(banyanDir, 'BanyanTree.fbx.meta'), `${fbx}.meta`)
    const wav = path.join(audio, 'Jetty.wav')
    execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100:duration=0.5', '-ac', '2', wav])
    // The fixture's Jetty.wav is a Git LFS pointer; its .meta still carries a real GUID.
    fs.copyFileSync(jettyMeta, `${wav}.meta`)
    const sourceGuids = [fbx, wav].map((f) => parseMeta(fs.readFileSync(`${f}.meta`, 'utf8')).guid!)
    for (const g of sourceGuids) expect(g).toMatch(GUID)

    const model = await runBatch({ project, sources: [fbx], options: { model: { lods: [0.5] } }, pool })
    // One audio batch per format: every output sits beside the same source.
    const sounds = []
    for (const format of ['ogg', 'wav', 'mp3', 'opus'] as const) sounds.push(only((await runBatch({ project, sources: [wav], options: { format }, pool })).files))
    const outputs = [...only(model.files).outputs, ...sounds.flatMap((s) => s.outputs)]
    const byName = Object.fromEntries(outputs.map((o) => [path.basename(o.path), o]))
    // What Unity's own importers take: no glTF importer without a package (glTFast adds a
    // ScriptedImporter), no Opus importer; those get the DefaultImporter Unity gives unknown files.
    const want: Record<string, string> = {
      'BanyanTree-processed.glb': 'DefaultImporter',
      'BanyanTree-processed.lod1.glb': 'DefaultImporter',
      'Jetty-processed.ogg': 'AudioImporter',
      'Jetty-processed.wav': 'AudioImporter',
      'Jetty-processed.mp3': 'AudioImporter',
      'Jetty-processed.opus': 'DefaultImporter',
    }
    expect(Object.keys(byName).sort()).toEqual(Object.keys(want).sort())
    const fresh = new Set<string>()
    for (const [name, importer] of Object.entries(want)) {
      const o = byName[name]
      expect(o.meta).toBe(`${o.path}.meta`)
      const text = fs.readFileSync(o.meta!, 'utf8')
      expect(text.startsWith('fileFormatVersion: 2\n')).toBe(true)
      const meta = parseMeta(text)
      expect(meta.problems).toEqual([])
      expect({ name, importer: meta.importer }).toEqual({ name, importer })
      expect(meta.guid).toMatch(GUID)
      expect(sourceGuids).not.toContain(meta.guid)
      fresh.add(meta.guid!)
    }
    expect(fresh.size).toBe(Object.keys(want).length)
    // The sources' own .meta files are untouched.
    expect(parseMeta(fs.readFileSync(`${fbx}.meta`, 'utf8')).guid).toBe(sourceGuids[0])

    // Outputs outside the project's Assets/ and Packages/ get no .meta.
    const outside = await runBatch({ project, sources: [wav], options: { format: 'ogg' }, outDir: path.join(tmp, 'outside'), pool })
    const o = only(outside.files).outputs[0]
    expect(o.meta).toBeUndefined()
    expect(fs.existsSync(`${o.path}.meta`)).toBe(false)
  })
})

describe('models converted by assimp', () => {
  /** A quad with one material, as an OBJ and its .mtl. */
  function writeObj(dir: string, mtl: string): string {
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'quad.mtl'), mtl)
    const obj = path.join(dir, 'quad.obj')
    fs.writeFileSync(obj, ['mtllib quad.mtl', 'v 0 0 0', 'v 1 0 0', 'v 0 1 0', 'v 1 1 0', 'vt 0 0', 'vt 1 0', 'vt 0 1', 'vt 1 1', 'usemtl Brick', 'f 1/1 2/2 3/3', 'f 2/2 4/4 3/3', ''].join('\n'))
    return obj
  }

  async function materials(data: Uint8Array) {
    const doc = await new NodeIO().registerExtensions(ALL_EXTENSIONS).readBinary(data)
    return doc.getRoot().listMaterials()
  }

  it("keep the .mtl's diffuse colour (Kd) as the base colour", async () => {
    const obj = writeObj(path.join(tmp, 'kd'), 'newmtl Brick\nKd 0.8 0.2 0.1\nKs 0.5 0.5 0.5\nNs 50\n')
    const r = await processModel(obj, {})
    const [m] = await materials(r.outputs[0].data)
    expect(m.getName()).toBe('Brick')
    const c = m.getBaseColorFactor()
    ;[0.8, 0.2, 0.1, 1].forEach((v, i) => expect(c[i]).toBeCloseTo(v, 5))
    expect(m.getBaseColorTexture()).toBeNull()
  })

  it('embed the textures the .mtl names (a TGA as PNG); a missing one is left out with a note, the colour kept', async () => {
    const dir = path.join(tmp, 'tex')
    fs.mkdirSync(path.join(dir, 'Textures'), { recursive: true })
    execFileSync('convert', [terrainPng, '-flip', path.join(dir, 'Textures/brick.tga')]) // bottom-up, as the TGA says (see above)
    fs.copyFileSync(terrainPng, path.join(dir, 'Textures/brick.png'))
    const want = await rgba(terrainPng)
    for (const name of ['brick.png', 'brick.tga']) {
      const obj = writeObj(dir, `newmtl Brick\nKd 0.8 0.2 0.1\nmap_Kd Textures/${name}\n`)
      const r = await processModel(obj, {})
      const [m] = await materials(r.outputs[0].data)
      const tex = m.getBaseColorTexture()!
      expect(tex.getMimeType()).toBe('image/png')
      const image = Buffer.from(tex.getImage()!)
      // A PNG goes in as its own bytes; a TGA as a PNG of exactly its pixels.
      if (name.endsWith('.png')) expect(image.equals(fs.readFileSync(terrainPng))).toBe(true)
      expect((await rgba(image)).data.equals(want.data)).toBe(true)
      expect(m.getBaseColorFactor()[0]).toBeCloseTo(0.8, 5)
    }
    const obj = writeObj(dir, 'newmtl Brick\nKd 0.8 0.2 0.1\nmap_Kd Textures/gone.png\n')
    const r = await processModel(obj, {})
    expect(r.notes.join('\n')).toMatch(/left out: Textures\/gone\.png/)
    const [m] = await materials(r.outputs[0].data)
    expect(m.getBaseColorTexture()).toBeNull()
    expect(m.getBaseColorFactor()[1]).toBeCloseTo(0.2, 5)
  })

  it('never reads a texture outside the project: a .mtl naming ../ or an absolute path, or a link out, is left out', async () => {
    const project = path.join(tmp, 'confined', 'Game')
    const dir = path.join(project, 'Assets', 'Models')
    fs.mkdirSync(path.join(project, 'Assets', 'Textures'), { recursive: true })
    const secret = path.join(tmp, 'confined', 'secret.png')
    fs.copyFileSync(terrainPng, secret)
    fs.copyFileSync(terrainPng, path.join(project, 'Assets', 'Textures', 'inside.png'))
    fs.symlinkSync(secret, path.join(project, 'Assets', 'Textures', 'link.png'))
    const cases = ['../../../secret.png', secret, '../Textures/link.png']
    for (const name of cases) {
      const obj = writeObj(dir, `newmtl Brick\nKd 0.8 0.2 0.1\nmap_Kd ${name}\n`)
      const r = await runBatch({ project, sources: [obj], options: { format: 'glb' }, outDir: path.join(tmp, 'confined-out'), pool })
      const f = only(r.files)
      const [m] = await materials(fs.readFileSync(f.outputs[0].path))
      expect({ name, texture: m.getBaseColorTexture() }).toEqual({ name, texture: null })
      expect(m.getBaseColorFactor()[0]).toBeCloseTo(0.8, 5)
    }
    // inside the project but outside the model's folder: found
    const obj = writeObj(dir, 'newmtl Brick\nKd 0.8 0.2 0.1\nmap_Kd ../Textures/inside.png\n')
    const r = await runBatch({ project, sources: [obj], options: { format: 'glb' }, outDir: path.join(tmp, 'confined-out2'), pool })
    const [m] = await materials(fs.readFileSync(only(r.files).outputs[0].path))
    expect(Buffer.from(m.getBaseColorTexture()!.getImage()!).equals(fs.readFileSync(terrainPng))).toBe(true)
  })

  it("a .gltf whose buffer lies outside the project is refused, not read", async () => {
    const project = path.join(tmp, 'confined-gltf', 'Game')
    const dir = path.join(project, 'Assets')
    fs.mkdirSync(dir, { recursive: true })
    // A real one-triangle glTF, written with its .bin beside it, then the .bin moved out of the project.
    const doc = new Document()
    const buffer = doc.createBuffer()
    const pos = doc.createAccessor().setType('VEC3').setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer)
    doc.createMesh().addPrimitive(doc.createPrimitive().setAttribute('POSITION', pos))
    const { json, resources } = await new NodeIO().writeJSON(doc)
    const outside = path.join(tmp, 'confined-gltf', 'tri.bin')
    fs.writeFileSync(outside, resources[json.buffers![0].uri!])
    for (const uri of ['../../tri.bin', outside]) {
      json.buffers![0].uri = uri
      const file = path.join(dir, 'tri.gltf')
      fs.writeFileSync(file, JSON.stringify(json))
      const r = await runBatch({ project, sources: [file], options: { format: 'glb' }, outDir: path.join(tmp, 'confined-gltf-out'), pool })
      expect({ uri, ok: r.files[0].ok, error: r.files[0].error }).toMatchObject({ uri, ok: false, error: expect.stringMatching(/is outside/) })
    }
  })
})
