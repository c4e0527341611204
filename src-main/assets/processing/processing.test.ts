import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { NodeIO } from '@gltf-transform/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unityFixture } from '../../testing/fixtures'
import { parseMeta } from '../../unity/meta/meta-file'
import { ffmpegPath } from './audio'
import { runBatch } from './batch'
import { collectSources } from './collect'
import { triangleCount } from './model'
import { replaceSource, restoreBackup } from './replace'
import type { BatchProgress } from './types'
import { ProcessPool } from './worker-pool'
import { writeGridObj } from './testing/grid-obj'

const techdemos = unityFixture('2d-techdemos')
const terrain = path.join(techdemos, 'Assets/Tilemap/Tiles/Terrain Tile/Sprites')
const banyan = path.join(unityFixture('NavMeshComponents'), 'Assets/Examples/Prefabs/BanyanTree.fbx')
let tmp: string
let pool: ProcessPool

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-assets-test-'))
  pool = new ProcessPool(2)
})
afterAll(async () => {
  await pool.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** A 1.5 s stereo tone at 22.05 kHz, quiet (about −30 LUFS), made by ffmpeg itself. */
function makeTone(file: string): void {
  execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050:duration=1.5', '-af', 'volume=0.05', '-ac', '2', file])
}

describe('asset processing on real files', () => {
  it('resizes the PNG textures of 2d-techdemos to WebP and KTX2, with their sizes', async () => {
    const sources = collectSources(techdemos, [path.relative(techdemos, terrain)])
    expect(sources.length).toBeGreaterThan(0)
    const out = path.join(tmp, 'tex')
    const events: BatchProgress[] = []
    const webp = await runBatch({ project: techdemos, sources, options: { format: 'webp', texture: { resize: 128 } }, outDir: out, pool, onProgress: (p) => events.push(p) })
    expect(webp.failed).toBe(0)
    expect(events[0].phase).toBe('started')
    expect(events.at(-1)!.phase).toBe('finished')
    expect(events.filter((e) => e.phase === 'file').map((e) => e.done)).toEqual(sources.map((_, i) => i + 1))
    for (const f of webp.files) {
      const o = f.outputs[0]
      const m = await sharp(o.path).metadata()
      expect(m.format).toBe('webp')
      expect(Math.max(m.width!, m.height!)).toBe(Math.min(128, Math.max(f.before!.width!, f.before!.height!)))
      expect(o.path.startsWith(out)).toBe(true)
    }
    const ktx = await runBatch({ sources: sources.slice(0, 1), options: { format: 'ktx2', texture: { resize: 64, powerOfTwo: true, basis: 'uastc' } }, outDir: out, pool })
    const bytes = fs.readFileSync(ktx.files[0].outputs[0].path)
    expect(bytes.subarray(0, 12).toString('hex')).toBe('ab4b5458203230bb0d0a1a0a') // «KTX 20»
    const w = ktx.files[0].outputs[0].figures.width!
    expect(w & (w - 1)).toBe(0)
  })

  it('gives each corrupt input its own clear error and finishes the rest', async () => {
    const dir = path.join(tmp, 'bad')
    fs.mkdirSync(dir)
    const good = fs.readdirSync(terrain).find((f) => f.endsWith('.png'))!
    const png = fs.readFileSync(path.join(terrain, good))
    fs.writeFileSync(path.join(dir, 'truncated.png'), png.subarray(0, Math.floor(png.length / 3)))
    fs.writeFileSync(path.join(dir, 'pointer.png'), 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n')
    fs.writeFileSync(path.join(dir, 'wrong.wav'), Buffer.concat([Buffer.from('RIFX'), Buffer.alloc(200, 7)]))
    fs.copyFileSync(path.join(terrain, good), path.join(dir, 'good.png'))
    const r = await runBatch({ sources: ['truncated.png', 'pointer.png', 'wrong.wav', 'good.png', 'missing.png'].map((f) => path.join(dir, f)), options: { format: 'png', texture: { resize: 32 } }, outDir: path.join(tmp, 'bad-out'), pool })
    const by = Object.fromEntries(r.files.map((f) => [path.basename(f.source), f]))
    expect(r.done).toBe(5)
    expect(r.failed).toBe(4)
    expect(by['good.png'].ok).toBe(true)
    expect(by['truncated.png'].error).toMatch(/cannot (read|decode)/i)
    expect(by['pointer.png'].error).toMatch(/Git LFS pointer/)
    expect(by['wrong.wav'].error).toMatch(/not a WAV file.*RIFX/)
    expect(by['missing.png'].error).toMatch(/ENOENT|no such file/i)
    expect(fs.readdirSync(path.join(tmp, 'bad-out'))).toEqual(['good.png'])
  })

  it('converts, resamples, downmixes and loudness-normalises audio made by ffmpeg', async () => {
    const wav = path.join(tmp, 'tone.wav')
    makeTone(wav)
    const r = await runBatch({ sources: [wav], options: { format: 'ogg', audio: { sampleRate: 44100, channels: 1, normalize: true, targetLufs: -16 } }, outDir: path.join(tmp, 'snd'), pool })
    expect(r.failed).toBe(0)
    const f = r.files[0]
    expect(f.before).toMatchObject({ sampleRate: 22050, channels: 2 })
    expect(f.before!.loudness!).toBeLessThan(-25)
    const after = f.outputs[0].figures
    expect(after).toMatchObject({ sampleRate: 44100, channels: 1 })
    expect(Math.abs(after.loudness! - -16)).toBeLessThan(1.5)
    expect(fs.readFileSync(f.outputs[0].path).subarray(0, 4).toString()).toBe('OggS')
  })

  it('makes LODs of an OBJ through assimp and of a binary FBX through SLATE\'s reader, with fewer triangles each', async () => {
    const obj = path.join(tmp, 'grid.obj')
    const tris = writeGridObj(obj, 60)
    const r = await runBatch({ sources: [obj, banyan], options: { model: { lods: [0.5, 0.1], lodError: 0.5 } }, outDir: path.join(tmp, 'mdl'), pool })
    const grid = r.files.find((f) => f.source === obj)!
    expect(grid.ok).toBe(true)
    expect(grid.before!.triangles).toBe(tris)
    const counts = grid.outputs.map((o) => o.figures.triangles!)
    expect(counts[0]).toBe(tris)
    expect(counts[1]).toBeLessThan(counts[0])
    expect(counts[2]).toBeLessThan(counts[1])
    const doc = await new NodeIO().read(grid.outputs[2].path)
    expect(triangleCount(doc)).toBe(counts[2])
    const tree = r.files.find((f) => f.source === banyan)!
    expect(tree.ok).toBe(true)
    const treeCounts = tree.outputs.map((o) => o.figures.triangles!)
    expect(treeCounts[0]).toBe(tree.before!.triangles)
    expect(treeCounts[0]).toBeGreaterThan(0)
    expect(treeCounts[1]).toBeLessThan(treeCounts[0])
    expect(treeCounts[2]).toBeLessThan(treeCounts[1])
    // Materials keep the names the FBX gives them (binary FBX names objects "<name>\\x00\\x01Material").
    const named = fs.readFileSync(banyan).toString('latin1').split('\u0000\u0001Material').slice(0, -1).map((before) => /(\w+)$/.exec(before)![1])
    const treeDoc = await new NodeIO().read(tree.outputs[0].path)
    expect(treeDoc.getRoot().listMaterials().map((m) => m.getName()).sort()).toEqual([...new Set(named)].sort())
  })

  it('replaces a texture keeping its .meta GUID, with the original backed up and restorable', async () => {
    const project = path.join(tmp, 'proj')
    const rel = 'Assets/Tex/Terrain.png'
    fs.mkdirSync(path.join(project, 'Assets/Tex'), { recursive: true })
    const src = fs.readdirSync(terrain).find((f) => f.endsWith('.png'))!
    fs.copyFileSync(path.join(terrain, src), path.join(project, rel))
    fs.copyFileSync(path.join(terrain, `${src}.meta`), path.join(project, `${rel}.meta`))
    const guid = parseMeta(fs.readFileSync(path.join(project, `${rel}.meta`), 'utf8')).guid
    const original = fs.readFileSync(path.join(project, rel))
    // Beside the source, under a new name, with a fresh .meta of Unity's importer.
    const r = await runBatch({ project, sources: [path.join(project, rel)], options: { texture: { resize: 16 } }, pool })
    const out = r.files[0].outputs[0]
    expect(path.basename(out.path)).toBe('Terrain-processed.png')
    const outMeta = parseMeta(fs.readFileSync(out.meta!, 'utf8'))
    expect(outMeta.importer).toBe('TextureImporter')
    expect(outMeta.guid).not.toBe(guid)
    expect(fs.readFileSync(path.join(project, rel)).equals(original)).toBe(true)
    const data = path.join(tmp, 'data')
    const rep = await replaceSource(project, rel, out.path, data)
    expect(rep.guid).toBe(guid)
    expect(parseMeta(fs.readFileSync(path.join(project, `${rel}.meta`), 'utf8')).guid).toBe(guid)
    expect((await sharp(path.join(project, rel)).metadata()).width).toBe(16)
    expect(fs.readFileSync(path.join(rep.backupDir, 'files', rel)).equals(original)).toBe(true)
    await restoreBackup(rep.backupDir)
    expect(fs.readFileSync(path.join(project, rel)).equals(original)).toBe(true)
  })
})
