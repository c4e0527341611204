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

  it('a bound server switches only into the folders it was started with, by their listed path', async () => {
    const core = new SlateCore({ runtime: 'serve', lockedProject: true, openable: [unityFixture('BoatAttack'), unityFixture('NavMeshComponents')], dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'slate-app-')) })
    await core.init()
    await core.openProject(unityFixture('BoatAttack'))
    // What it offers: the open project and the listed ones, nothing else it ever opened.
    const recent = await dispatch(core, 'project.recent', {})
    expect(recent.ok && (recent.result as { root: string }[]).map((r) => path.basename(r.root))).toEqual(['BoatAttack', 'NavMeshComponents'])
    expect(await dispatch(core, 'project.open', { root: unityFixture('2d-techdemos') })).toMatchObject({ ok: false, error: { code: 'forbidden_path' } })
    // Another spelling of a listed folder is the listed folder.
    const other = await dispatch(core, 'project.open', { root: `${unityFixture('NavMeshComponents')}/../NavMeshComponents/` })
    expect(other).toMatchObject({ ok: true, result: { root: unityFixture('NavMeshComponents') } })
    expect(await dispatch(core, 'project.open', { root: unityFixture('BoatAttack') })).toMatchObject({ ok: true, result: { productName: 'BoatAttack' } })
  })

  it('calls and events carry their project: a call made for another project is refused', async () => {
    const core = await newCore()
    await core.openProject(unityFixture('BoatAttack'))
    const seen: [string, string | null][] = []
    core.events.onAny((name, _payload, project) => seen.push([name, project]))
    await core.openProject(unityFixture('NavMeshComponents'))
    expect(seen).toContainEqual(['project.changed', unityFixture('NavMeshComponents')])
    const stale = await dispatch(core, 'files.list', {}, { project: unityFixture('BoatAttack') })
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', details: { project: unityFixture('NavMeshComponents') } } })
    expect(await dispatch(core, 'files.list', {}, { project: unityFixture('NavMeshComponents') })).toMatchObject({ ok: true })
    // Calls of no project are not checked, nor calls that do not say.
    expect(await dispatch(core, 'app.info', {}, { project: unityFixture('BoatAttack') })).toMatchObject({ ok: true })
    expect(await dispatch(core, 'files.list', {})).toMatchObject({ ok: true })
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
