import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../api/registry'
import { SlateCore } from '../host/slate-core'
import { unityFixture } from '../testing/fixtures'

/** The Unity calls as the renderer makes them: through the registry, with argument validation. */
let core: SlateCore
let dataDir: string

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-unity-api-'))
  core = new SlateCore({ runtime: 'cli', dataDir })
  await core.init()
  await core.openProject(unityFixture('BoatAttack'))
})
afterAll(async () => {
  await core.dispose()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function ok(name: string, args: unknown) {
  const r = await dispatch(core, name, args)
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`)
  return r.result as never
}

describe('unity API', () => {
  it('unity.index.summary gives the figures', async () => {
    const s: { guids: { declared: number }; references: { occurrences: number } } = await ok('unity.index.summary', {})
    expect(s.guids.declared).toBe(737)
    expect(s.references.occurrences).toBe(18307)
  })

  it('unity.assets.search finds by words, type and folder', async () => {
    const r: { total: number; items: { path: string; type: string }[] } = await ok('unity.assets.search', { query: 'main menu', type: 'Scene' })
    expect(r.items.map((i) => i.path)).toContain('Assets/scenes/main_menu.unity')
    const inFolder: { items: { path: string }[] } = await ok('unity.assets.search', { folder: 'Assets/scenes' })
    expect(inFolder.items.every((i) => i.path.split('/').length === 3)).toBe(true)
  })

  it('unity.refs and unity.asset.get take a path or a GUID', async () => {
    const byPath: { asset: { guid: string } } = await ok('unity.refs', { asset: 'Assets/scenes/main_menu.unity' })
    const byGuid: { asset: { path: string } } = await ok('unity.refs', { asset: byPath.asset.guid })
    expect(byGuid.asset.path).toBe('Assets/scenes/main_menu.unity')
    const detail: { importer: string; importerSettings: unknown; usedByCount: number } = await ok('unity.asset.get', { asset: 'Assets/Scripts/Boat/AiController.cs' })
    expect(detail.importer).toBe('MonoImporter')
    expect(detail.importerSettings).toMatchObject({ executionOrder: '0' })
  })

  it('unity.diagnostics filters by kind; unity.scene.get parses a scene and refuses binary ones', async () => {
    const d: unknown[] = await ok('unity.diagnostics', { kind: 'case-mismatch' })
    expect(d).toHaveLength(1)
    const scene: { gameObjects: unknown[] } = await ok('unity.scene.get', { path: 'Assets/scenes/main_menu.unity' })
    expect(scene.gameObjects.length).toBeGreaterThan(0)
    const bin = await dispatch(core, 'unity.scene.get', { path: 'Assets/Objects/Levels/Island/Terrain_0_0.asset' })
    expect(bin).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  })

  it('refuses paths outside the project and unknown assets', async () => {
    expect(await dispatch(core, 'unity.refs', { asset: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'forbidden_path' } })
    expect(await dispatch(core, 'unity.meta.create', { path: '/etc/hosts' })).toMatchObject({ ok: false, error: { code: 'forbidden_path' } })
    expect(await dispatch(core, 'unity.asset.get', { asset: 'Assets/nope.prefab' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await dispatch(core, 'unity.assets.search', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  })
})
