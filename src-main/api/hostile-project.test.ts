import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UnityDiagnostic } from '../../src-shared/types-unity'
import { SlateCore } from '../host/slate-core'
import { walkTree } from '../unity/index/project-walk'
import { hostileArea, makeFifo, type HostileArea } from '../testing/hostile-fs'
import { dispatch } from './registry'

/**
 * A project as an attacker would commit it: links to `/`, to a folder outside, two links to `.`,
 * a link to `..`, a dangling loop, FIFOs named like a log, a texture and a script, and a name that
 * is not UTF-8. It must open (index in bounded work, no outside file listed), report what it
 * skipped, and every call touching a FIFO must answer at once with a clear error.
 */
let area: HostileArea
let core: SlateCore
const BAD_NAME = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.txt')])

beforeAll(async () => {
  area = hostileArea()
  const p = (rel: string) => path.join(area.project, rel)
  fs.writeFileSync(p('ProjectSettings/ProjectVersion.txt'), 'm_EditorVersion: 2022.3.10f1\n')
  fs.mkdirSync(p('Assets/Real'))
  fs.writeFileSync(p('Assets/Real/A.txt'), 'a')
  fs.writeFileSync(p('Assets/Real/A.txt.meta'), 'fileFormatVersion: 2\nguid: 0123456789abcdef0123456789abcdef\n')
  fs.mkdirSync(p('Shared'))
  fs.writeFileSync(p('Shared/S.txt'), 's')
  fs.writeFileSync(path.join(area.outside, 'secret.txt'), 'outside')
  fs.symlinkSync('/', p('Assets/root'))
  fs.symlinkSync(area.outside, p('Assets/outside'))
  fs.symlinkSync('.', p('Assets/self1'))
  fs.symlinkSync('.', p('Assets/Real/self2'))
  fs.symlinkSync('..', p('Assets/Real/up'))
  fs.symlinkSync('loopB', p('Assets/loopA'))
  fs.symlinkSync('loopA', p('Assets/loopB'))
  fs.symlinkSync('../Shared', p('Assets/shared')) // inside the project: followed, once
  fs.symlinkSync('Real', p('Assets/RealAgain')) // the same folder again: not listed twice
  makeFifo(p('Assets/Editor.log'))
  makeFifo(p('Assets/icon.png'))
  makeFifo(p('Assets/Pipe.cs'))
  makeFifo(p('Assets/Level.unity'))
  fs.writeFileSync(Buffer.concat([Buffer.from(`${p('Assets')}/`), BAD_NAME]), 'x')
  core = new SlateCore({ runtime: 'cli', dataDir: path.join(area.root, 'data') })
  await core.init()
  await core.openProject(area.project)
})
afterAll(async () => {
  await core?.dispose()
  area.cleanup()
})

async function call(name: string, args: unknown) {
  return dispatch(core, name, args)
}

describe('a hostile project', () => {
  it('walks in bounded work: no file outside, each real folder once, loops and links out reported', () => {
    const walk = walkTree(area.project, 'Assets')
    expect(walk.files.map((f) => f.rel).sort()).toEqual(['Assets/Real/A.txt', 'Assets/Real/A.txt.meta', 'Assets/shared/S.txt'])
    const byKind = (k: string) => (walk.problems ?? []).filter((p) => p.kind === k).map((p) => p.path).sort()
    expect(byKind('link-outside')).toEqual(['Assets/outside', 'Assets/root'])
    expect(byKind('link-loop')).toEqual(['Assets/Real/self2', 'Assets/Real/up', 'Assets/loopA', 'Assets/loopB', 'Assets/self1'])
    expect(byKind('unreadable-name')).toEqual(['Assets/caf\\xE9.txt'])
  })

  it('opens, and the index lists nothing outside; its diagnostics say what was skipped', async () => {
    const r = await call('unity.diagnostics', {})
    expect(r.ok).toBe(true)
    const diags = (r as { result: UnityDiagnostic[] }).result
    expect(diags.filter((d) => d.kind === 'link-outside').map((d) => d.path).sort()).toEqual(['Assets/outside', 'Assets/root'])
    expect(diags.some((d) => d.kind === 'link-loop' && d.path === 'Assets/self1')).toBe(true)
    expect(diags.find((d) => d.kind === 'unreadable-name')?.message).toMatch(/not valid UTF-8/)
    const list = await call('files.list', { refresh: true })
    const files = (list as { result: { files: string[] } }).result.files
    expect(files.some((f) => f.includes('secret') || f.startsWith('Assets/root/') || f.includes('\uFFFD'))).toBe(false)
  })

  it.each([
    ['fs.read', { path: 'Assets/Pipe.cs' }],
    ['files.open', { path: 'Assets/Pipe.cs' }],
    ['console.openFile', { path: 'Assets/Editor.log' }],
    ['unity.scene.get', { path: 'Assets/Level.unity' }],
  ])('%s refuses a FIFO with a clear error', async (name, args) => {
    const r = await call(name, args)
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not a regular file/) } })
  })

  it('thumbnails of a FIFO named *.png answer at once, and the core still answers file calls', async () => {
    const many = await Promise.all(Array.from({ length: 8 }, () => call('assets.thumbnail', { path: 'Assets/icon.png', size: 64 })))
    for (const r of many) expect(r).toMatchObject({ ok: true, result: { dataUrl: null, reason: expect.stringContaining('FIFO') } })
    expect(await call('fs.read', { path: 'Assets/Real/A.txt' })).toMatchObject({ ok: true, result: { content: 'a' } })
  })

  it('files.save does not write through a folder link out of the project', async () => {
    const r = await call('files.save', { path: 'Assets/outside/new.cs', content: 'x', baseHash: null })
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden_path' } })
    expect(fs.readdirSync(area.outside).sort()).toEqual(['secret.txt', 'victim.txt'])
  })
})
