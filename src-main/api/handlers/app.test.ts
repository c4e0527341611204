import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SlateCore } from '../../host/slate-core'
import { unityFixture } from '../../testing/fixtures'
import { dispatch } from '../registry'

const newCore = async (lockedProject = false) => {
  const core = new SlateCore({ runtime: 'electron', lockedProject, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'slate-app-')) })
  await core.init()
  return core
}

describe('project calls', () => {
  it('opens a project, remembers it in the recent list (newest first, no duplicates), and survives a restart', async () => {
    const core = await newCore()
    expect(await dispatch(core, 'project.current', {})).toEqual({ ok: true, result: null })
    await dispatch(core, 'project.open', { root: unityFixture('NavMeshComponents') })
    await dispatch(core, 'project.open', { root: unityFixture('BoatAttack') })
    await dispatch(core, 'project.open', { root: unityFixture('NavMeshComponents') })
    const recent = await dispatch(core, 'project.recent', {})
    expect(recent.ok && (recent.result as { root: string }[]).map((r) => path.basename(r.root))).toEqual(['NavMeshComponents', 'BoatAttack'])

    const again = new SlateCore({ runtime: 'electron', dataDir: core.dataDir })
    await again.init()
    expect(again.settings.recent.map((r) => path.basename(r.root))).toEqual(['NavMeshComponents', 'BoatAttack'])
  })

  it('refuses a folder that is not a Unity project, with a message that says why', async () => {
    const core = await newCore()
    const out = await dispatch(core, 'project.open', { root: os.tmpdir() })
    expect(out).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/no ProjectSettings folder/) } })
  })

  it('opens through the native dialog only where the host provides one', async () => {
    const core = await newCore()
    expect(await dispatch(core, 'project.openDialog', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    let answer: string | null = null
    core.setHostCapabilities({ pickFolder: async () => answer })
    expect(await dispatch(core, 'project.openDialog', {})).toEqual({ ok: true, result: null })
    answer = unityFixture('BoatAttack')
    expect(await dispatch(core, 'project.openDialog', {})).toMatchObject({ ok: true, result: { productName: 'BoatAttack' } })
  })

  it('a server bound to one project refuses to open another', async () => {
    const core = await newCore(true)
    await core.openProject(unityFixture('BoatAttack'))
    expect(await dispatch(core, 'project.open', { root: unityFixture('NavMeshComponents') })).toMatchObject({ ok: false })
    expect(core.currentProject?.productName).toBe('BoatAttack')
  })

  it('stores settings, and an empty string clears one', async () => {
    const core = await newCore()
    // The Unity path must be an editor (checked on save): an executable named Unity will do.
    const unity = path.join(core.dataDir, 'Editor', 'Unity')
    fs.mkdirSync(path.dirname(unity), { recursive: true })
    fs.writeFileSync(unity, '#!/bin/sh\n', { mode: 0o755 })
    expect(await dispatch(core, 'settings.set', { natsUrl: 'nats://127.0.0.1:4222', unityPath: unity })).toMatchObject({ ok: true })
    await dispatch(core, 'settings.set', { unityPath: '' })
    expect(await dispatch(core, 'settings.get', {})).toEqual({ ok: true, result: { natsUrl: 'nats://127.0.0.1:4222' } })
  })
})
