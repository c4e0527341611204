import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { NodeIO } from '@gltf-transform/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { savePreset, PRESETS_FILE } from '../../assets/processing/presets'
import { triangleCount } from '../../assets/processing/model'
import { unityFixture } from '../../testing/fixtures'
import { parseMeta } from '../../unity/meta/meta-file'
import { runCli } from '../testing/run-cli'
import { foldLodRatios } from './assets'
import { writeGridObj } from '../../assets/processing/testing/grid-obj'

/**
 * `slate assets …` run in this process (runCli) on real files: the NavMeshComponents binary FBX,
 * a generated OBJ through assimp, a 2d-techdemos PNG in a temp copy of part of the project. The
 * data folder (replace's backups) is a temp one, and no team bus is configured.
 */
const navmesh = unityFixture('NavMeshComponents')
const banyanRel = 'Assets/Examples/Prefabs/BanyanTree.fbx'
const terrainDir = path.join(unityFixture('2d-techdemos'), 'Assets/Tilemap/Tiles/Terrain Tile/Sprites')
const env = { ...process.env }
let tmp: string

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-assets-cli-'))
  process.env.SLATE_DATA_DIR = path.join(tmp, 'data')
  delete process.env.SLATE_NATS_URL
})
afterAll(() => {
  process.env = env
  fs.rmSync(tmp, { recursive: true, force: true })
})

interface FileEvent {
  event: 'file'
  source: string
  ok: boolean
  error?: string
  outputs: Array<{ path: string; lod?: number; ratio?: number; meta?: string; figures: { triangles?: number; width?: number } }>
}

/** The `--json` lines of a run: its file events and the final one. */
function events(out: string): { files: FileEvent[]; done: { done: number; failed: number; total: number } } {
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { event: string })
  return { files: lines.filter((l) => l.event === 'file') as FileEvent[], done: lines.find((l) => l.event === 'done') as never }
}

describe('slate assets process --lod', () => {
  it('--lod 0.5 0.25 (the documented form) makes LOD1 and LOD2 of the binary FBX', async () => {
    const out = path.join(tmp, 'banyan')
    const r = await runCli('assets', 'process', navmesh, banyanRel, '--lod', '0.5', '0.25', '--out', out, '--jobs', '1', '--json')
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const { files, done } = events(r.out)
    expect(done).toMatchObject({ done: 1, failed: 0, total: 1 })
    const [tree] = files
    expect(tree.source).toBe(path.join(navmesh, banyanRel))
    expect(tree.outputs.map((o) => [path.relative(out, o.path), o.lod, o.ratio])).toEqual([
      [path.join('Assets/Examples/Prefabs', 'BanyanTree.glb'), 0, 1],
      [path.join('Assets/Examples/Prefabs', 'BanyanTree.lod1.glb'), 1, 0.5],
      [path.join('Assets/Examples/Prefabs', 'BanyanTree.lod2.glb'), 2, 0.25],
    ])
    const tris = tree.outputs.map((o) => o.figures.triangles!)
    expect(tris[1]).toBeLessThan(tris[0])
    expect(tris[2]).toBeLessThan(tris[1])
    // The files on disk are the LODs the events describe.
    for (const [i, o] of tree.outputs.entries()) expect(triangleCount(await new NodeIO().read(o.path))).toBe(tris[i])
  })

  it('ends the ratios at the first argument that is not one, and the comma and repeated forms give the same LODs', async () => {
    const project = path.join(tmp, 'grid-project')
    writeGridObj(path.join(project, 'Assets/a.obj'), 40)
    writeGridObj(path.join(project, 'Assets/b.obj'), 30)
    const runs = {
      // Ratios between paths: `Assets/b.obj` after them is a path again.
      spaced: ['Assets/a.obj', '--lod', '0.5', '0.25', 'Assets/b.obj'],
      comma: ['Assets/a.obj', 'Assets/b.obj', '--lod', '0.5,0.25'],
      inline: ['Assets/a.obj', 'Assets/b.obj', '--lod=0.5', '0.25'],
      repeated: ['--lod', '0.5', 'Assets/a.obj', '--lod', '0.25', 'Assets/b.obj'],
    }
    const seen: Record<string, unknown> = {}
    for (const [name, args] of Object.entries(runs)) {
      const out = path.join(tmp, `grid-${name}`)
      const r = await runCli('assets', 'process', project, ...args, '--out', out, '--jobs', '2', '--json')
      expect({ name, code: r.code, err: r.err }).toEqual({ name, code: 0, err: '' })
      const { files } = events(r.out)
      seen[name] = files
        .map((f) => ({ source: path.basename(f.source), outputs: f.outputs.map((o) => [path.basename(o.path), o.ratio, o.figures.triangles]) }))
        .sort((x, y) => x.source.localeCompare(y.source))
    }
    expect((seen.spaced as Array<{ source: string }>).map((f) => f.source)).toEqual(['a.obj', 'b.obj'])
    expect((seen.spaced as Array<{ outputs: unknown[][] }>)[0].outputs.map((o) => o.slice(0, 2))).toEqual([['a.glb', 1], ['a.lod1.glb', 0.5], ['a.lod2.glb', 0.25]])
    expect(seen.comma).toEqual(seen.spaced)
    expect(seen.inline).toEqual(seen.spaced)
    expect(seen.repeated).toEqual(seen.spaced)
  })

  it('folds only ratios into --lod: 1, paths, flags and anything after -- stay as they are', () => {
    expect(foldLodRatios(['p', '--lod', '0.5', '0.25', '.1', 'Assets/x.obj'])).toEqual(['p', '--lod=0.5,0.25,.1', 'Assets/x.obj'])
    expect(foldLodRatios(['p', '--lod', '0.5', '1', 'a'])).toEqual(['p', '--lod=0.5', '1', 'a'])
    expect(foldLodRatios(['p', '--lod', '0.5', '--json', '0.25'])).toEqual(['p', '--lod=0.5', '--json', '0.25'])
    expect(foldLodRatios(['p', '--lod', '0.5', '--', '0.25'])).toEqual(['p', '--lod=0.5', '--', '0.25'])
    expect(foldLodRatios(['p', '--lod', '--json'])).toEqual(['p', '--lod', '--json'])
    expect(foldLodRatios(['p', '--lod'])).toEqual(['p', '--lod'])
  })

  it('says why a bad ratio is refused, and the help shows the space-separated form', async () => {
    const bad = await runCli('assets', 'process', navmesh, banyanRel, '--lod', '1.5', '--out', path.join(tmp, 'never'))
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--lod ratios must be between 0 and 1/)
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false)
    const help = await runCli('assets', '--help')
    expect(help.code).toBe(0)
    expect(help.out).toContain('[--lod R [R…]]')
    expect(help.out).toContain('--lod 0.5 0.25 = --lod 0.5,0.25 = --lod 0.5 --lod 0.25')
  })
})

describe('slate assets replace, restore and presets', () => {
  const rel = 'Assets/Tilemap/Terrain Tiles.png'
  let project: string
  let original: Buffer
  let originalMeta: Buffer

  beforeAll(() => {
    project = path.join(tmp, 'techdemos-part')
    fs.mkdirSync(path.join(project, 'Assets/Tilemap'), { recursive: true })
    fs.mkdirSync(path.join(project, 'ProjectSettings'))
    fs.copyFileSync(path.join(terrainDir, 'Terrain Tiles.png'), path.join(project, rel))
    fs.copyFileSync(path.join(terrainDir, 'Terrain Tiles.png.meta'), path.join(project, `${rel}.meta`))
    original = fs.readFileSync(path.join(project, rel))
    originalMeta = fs.readFileSync(path.join(project, `${rel}.meta`))
  })

  async function processed(args: string[]): Promise<string> {
    const r = await runCli('assets', 'process', project, rel, ...args, '--jobs', '1', '--json')
    expect(r.code).toBe(0)
    return events(r.out).files[0].outputs[0].path
  }

  it('replace keeps the source .meta byte for byte; restore brings the original back', async () => {
    const out = await processed(['--resize', '64'])
    expect(path.basename(out)).toBe('Terrain Tiles-processed.png')
    const rep = await runCli('assets', 'replace', project, rel, out, '--json')
    expect(rep.code).toBe(0)
    const j = JSON.parse(rep.out) as { source: string; replacedBy: string; guid: string; backupDir: string; bytesBefore: number }
    expect(j).toMatchObject({ source: rel, replacedBy: rel, guid: parseMeta(originalMeta.toString('utf8')).guid, bytesBefore: original.length })
    expect(j.backupDir.startsWith(path.join(tmp, 'data', 'asset-backups'))).toBe(true)
    expect(fs.readFileSync(path.join(project, `${rel}.meta`)).equals(originalMeta)).toBe(true)
    expect((await sharp(path.join(project, rel)).metadata()).width).toBe(64)
    expect(fs.readFileSync(path.join(j.backupDir, 'files', rel)).equals(original)).toBe(true)

    const res = await runCli('assets', 'restore', j.backupDir)
    expect(res.code).toBe(0)
    expect(res.out).toBe(`Restored ${rel} in ${path.resolve(project)}\n`)
    expect(fs.readFileSync(path.join(project, rel)).equals(original)).toBe(true)
    expect(fs.readFileSync(path.join(project, `${rel}.meta`)).equals(originalMeta)).toBe(true)
  })

  it('replace by a JPEG moves the .meta (same bytes) to the new name; restore puts the PNG back and removes the JPEG', async () => {
    const out = await processed(['--format', 'jpg', '--resize', '32'])
    const rep = await runCli('assets', 'replace', project, rel, out)
    expect(rep.code).toBe(0)
    expect(rep.out).toMatch(/^Replaced Assets\/Tilemap\/Terrain Tiles\.png by Assets\/Tilemap\/Terrain Tiles\.jpg \(\d+ → \d+ bytes, GUID [0-9a-f]{32} kept\); original in /)
    const jpg = path.join(project, 'Assets/Tilemap/Terrain Tiles.jpg')
    expect(fs.existsSync(path.join(project, rel))).toBe(false)
    expect(fs.existsSync(path.join(project, `${rel}.meta`))).toBe(false)
    expect(fs.readFileSync(`${jpg}.meta`).equals(originalMeta)).toBe(true)
    expect((await sharp(jpg).metadata()).format).toBe('jpeg')
    const backupDir = rep.out.trim().split('original in ')[1]
    expect((await runCli('assets', 'restore', backupDir)).code).toBe(0)
    expect(fs.readFileSync(path.join(project, rel)).equals(original)).toBe(true)
    expect(fs.readFileSync(path.join(project, `${rel}.meta`)).equals(originalMeta)).toBe(true)
    expect(fs.existsSync(jpg)).toBe(false)
    expect(fs.existsSync(`${jpg}.meta`)).toBe(false)
  })

  it('presets lists the built-in ones, then the one saved to ProjectSettings/SlateAssetPresets.json, which --preset applies', async () => {
    const empty = await runCli('assets', 'presets', project)
    expect(empty.code).toBe(0)
    const before = JSON.parse(empty.out) as { project: object; builtIn: Record<string, { model?: { lods?: number[] } }> }
    expect(before.project).toEqual({})
    expect(before.builtIn['model-lods'].model?.lods).toEqual([0.5, 0.25])
    expect(fs.existsSync(path.join(project, PRESETS_FILE))).toBe(false)

    await savePreset(project, 'tiny-webp', { description: 'UI thumbnails', format: 'webp', texture: { resize: 24 } })
    const file = JSON.parse(fs.readFileSync(path.join(project, PRESETS_FILE), 'utf8')) as unknown
    expect(file).toEqual({ version: 1, presets: { 'tiny-webp': { description: 'UI thumbnails', format: 'webp', texture: { resize: 24 } } } })
    const listed = JSON.parse((await runCli('assets', 'presets', project)).out) as { project: Record<string, unknown>; builtIn: Record<string, unknown> }
    expect(listed.project).toEqual({ 'tiny-webp': { description: 'UI thumbnails', format: 'webp', texture: { resize: 24 } } })
    expect(Object.keys(listed.builtIn)).toContain('web-textures')

    const out = await processed(['--preset', 'tiny-webp', '--out', path.join(tmp, 'preset-out')])
    expect(await sharp(out).metadata()).toMatchObject({ format: 'webp', width: 24, height: 24 })
    const missing = await runCli('assets', 'process', project, rel, '--preset', 'nope')
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/no preset "nope" \(project: tiny-webp; built-in: mobile-textures/)

    fs.writeFileSync(path.join(project, PRESETS_FILE), '{"version": 1, "presets": {"x": {"format": "bmp"}}}')
    const broken = await runCli('assets', 'presets', project)
    expect(broken.code).toBe(1)
    expect(broken.err).toContain('ProjectSettings/SlateAssetPresets.json: presets.x.format')
  })
})
