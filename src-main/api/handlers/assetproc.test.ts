import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { BatchSummary } from '../../../src-shared/contract-assetproc'
import type { BatchProgress } from '../../../src-shared/types-assetproc'
import { SlateCore } from '../../host/slate-core'
import { unityFixture } from '../../testing/fixtures'
import { parseMeta } from '../../unity/meta/meta-file'
import { dispatch } from '../registry'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-assetproc-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
const terrain = 'Assets/Tilemap/Tiles/Terrain Tile/Sprites'

async function coreWith(project: string): Promise<SlateCore> {
  const core = new SlateCore({ runtime: 'cli', dataDir: fs.mkdtempSync(path.join(tmp, 'data-')) })
  await core.init()
  await core.openProject(project)
  return core
}

/** A writable project: ProjectSettings and one real texture with its real .meta. */
function smallProject(): string {
  const root = fs.mkdtempSync(path.join(tmp, 'proj-'))
  fs.mkdirSync(path.join(root, 'ProjectSettings'))
  fs.writeFileSync(path.join(root, 'ProjectSettings/ProjectVersion.txt'), 'm_EditorVersion: 2022.3.10f1\n')
  fs.mkdirSync(path.join(root, 'Assets/Tex'), { recursive: true })
  const src = path.join(unityFixture('2d-techdemos'), terrain)
  const png = fs.readdirSync(src).find((f) => f.endsWith('.png'))!
  fs.copyFileSync(path.join(src, png), path.join(root, 'Assets/Tex/t.png'))
  fs.copyFileSync(path.join(src, `${png}.meta`), path.join(root, 'Assets/Tex/t.png.meta'))
  return root
}

describe('asset processing calls', () => {
  it('runs a selection with a progress event per file, records it in the history, and cancels', async () => {
    const core = await coreWith(unityFixture('2d-techdemos'))
    const events: BatchProgress[] = []
    core.events.on('assets.process.progress', (p) => void events.push(p))
    const out = path.join(tmp, 'run-out')
    const r = await dispatch(core, 'assets.process.run', { paths: [terrain], options: { format: 'webp', texture: { resize: 64 } }, outDir: out })
    expect(r.ok).toBe(true)
    const s = (r as { result: BatchSummary }).result
    expect(s.failed).toBe(0)
    expect(events.filter((e) => e.batchId === s.batchId && e.phase === 'file')).toHaveLength(s.total)
    expect(events.at(-1)).toMatchObject({ batchId: s.batchId, phase: 'finished', done: s.total })
    const hist = await dispatch(core, 'assets.process.history', {})
    expect((hist as { result: BatchSummary[] }).result[0].batchId).toBe(s.batchId)

    // Cancel as soon as the first file is in: the call ends cancelled, with fewer files done.
    const ac = new AbortController()
    const off = core.events.on('assets.process.progress', (p) => {
      if (p.phase === 'file') ac.abort()
    })
    const c = await dispatch(core, 'assets.process.run', { paths: ['Assets/Tilemap'], options: { format: 'ktx2', texture: { resize: 128 } }, outDir: path.join(tmp, 'cancel-out') }, { signal: ac.signal })
    off()
    expect(c).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    // The batch itself stops too: its last event says cancelled, and the history has it with fewer files done.
    await new Promise<void>((resolve) => {
      const check = () => events.at(-1)?.phase === 'cancelled' && resolve()
      check()
      core.events.on('assets.process.progress', check)
    })
    const cancelled = events.at(-1)!
    expect(cancelled.done).toBeLessThan(cancelled.total)
    await new Promise<void>((resolve) => {
      const poll = async () => {
        const h = (await dispatch(core, 'assets.process.history', {})) as { result: BatchSummary[] }
        if (h.result[0]?.batchId === cancelled.batchId) {
          expect(h.result[0].cancelled).toBe(true)
          resolve()
        } else setImmediate(poll)
      }
      void poll()
    })
  })

  it('previews into the data folder, replaces only with a file SLATE made, keeping the GUID; presets round-trip', async () => {
    const project = smallProject()
    const core = await coreWith(project)
    const guid = parseMeta(fs.readFileSync(path.join(project, 'Assets/Tex/t.png.meta'), 'utf8')).guid
    const before = fs.readFileSync(path.join(project, 'Assets/Tex/t.png'))
    const p = await dispatch(core, 'assets.process.preview', { paths: ['Assets'], options: { texture: { resize: 8 } } })
    const ps = (p as { result: BatchSummary }).result
    expect(ps.files[0].before!.width).toBeGreaterThan(8)
    expect(ps.files[0].outputs[0].figures.width).toBe(8)
    expect(ps.files[0].outputs[0].path.startsWith(core.dataDir)).toBe(true)
    expect(fs.readdirSync(path.join(project, 'Assets/Tex')).sort()).toEqual(['t.png', 't.png.meta'])

    const stranger = path.join(tmp, 'stranger.png')
    fs.writeFileSync(stranger, before)
    expect(await dispatch(core, 'assets.process.replace', { source: 'Assets/Tex/t.png', output: stranger })).toMatchObject({ ok: false, error: { code: 'forbidden_path' } })
    const rep = await dispatch(core, 'assets.process.replace', { source: 'Assets/Tex/t.png', output: ps.files[0].outputs[0].path })
    expect(rep).toMatchObject({ ok: true, result: { guid } })
    expect(parseMeta(fs.readFileSync(path.join(project, 'Assets/Tex/t.png.meta'), 'utf8')).guid).toBe(guid)
    expect(fs.readFileSync(path.join(project, 'Assets/Tex/t.png')).equals(before)).toBe(false)
    // The history remembers it, so the UI shows the file as replaced instead of offering it again.
    const hist = (await dispatch(core, 'assets.process.history', {})) as { result: BatchSummary[] }
    expect(hist.result.find((b) => b.batchId === ps.batchId)!.files[0].replaced).toMatchObject({ replacedBy: 'Assets/Tex/t.png', guid })

    expect((await dispatch(core, 'assets.presets.save', { name: 'tiny', preset: { format: 'webp', texture: { resize: 4 } } })).ok).toBe(true)
    const saved = JSON.parse(fs.readFileSync(path.join(project, 'ProjectSettings/SlateAssetPresets.json'), 'utf8'))
    expect(saved.presets.tiny).toEqual({ format: 'webp', texture: { resize: 4 } })
    const got = await dispatch(core, 'assets.presets.get', {})
    expect(got).toMatchObject({ ok: true, result: { project: { tiny: { format: 'webp' } }, builtIn: { 'mobile-textures': { format: 'ktx2' } } } })
  })
})
