import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hostileArea, makeFifo, type HostileArea } from '../testing/hostile-fs'
import { copyDirConfined, readConfined, removeConfined, writeFileConfined, writeFileConfinedSync } from './confined-fs'

let area: HostileArea
beforeEach(() => {
  area = hostileArea()
})
afterEach(() => area.cleanup())

const forbidden = expect.objectContaining({ code: 'forbidden_path' })
const writers = {
  async: (root: string, target: string, data: string, o = {}) => writeFileConfined(root, target, data, o),
  sync: async (root: string, target: string, data: string, o = {}) => writeFileConfinedSync(root, target, data, o),
}

describe.each(Object.entries(writers))('writeFileConfined (%s)', (_name, write) => {
  it('writes a new file in new folders and leaves no temp file', async () => {
    await write(area.project, 'Assets/New/Deep/a.txt', 'hello')
    expect(fs.readFileSync(path.join(area.project, 'Assets/New/Deep/a.txt'), 'utf8')).toBe('hello')
    expect(fs.readdirSync(path.join(area.project, 'Assets/New/Deep'))).toEqual(['a.txt'])
  })

  it('refuses a new file under a folder link that points outside, and creates nothing there', async () => {
    fs.symlinkSync(area.outside, path.join(area.project, 'Assets', 'evil'))
    await expect(write(area.project, 'Assets/evil/new.txt', 'x')).rejects.toEqual(forbidden)
    await expect(write(area.project, 'Assets/evil/sub/new.txt', 'x')).rejects.toEqual(forbidden)
    await expect(write(area.project, 'Assets/evil/victim.txt', 'x')).rejects.toEqual(forbidden)
    expect(area.outsideSnapshot()).toEqual({ 'victim.txt': 'untouched\n' })
  })

  it('refuses a link out anywhere on the way, also through a link that stays inside first', async () => {
    fs.symlinkSync(area.outside, path.join(area.project, 'Packages', 'out'))
    fs.symlinkSync('../Packages', path.join(area.project, 'Assets', 'pk'))
    await expect(write(area.project, 'Assets/pk/out/new.txt', 'x')).rejects.toEqual(forbidden)
    expect(area.outsideSnapshot()).toEqual({ 'victim.txt': 'untouched\n' })
  })

  it('refuses a target that is itself a link out, and leaves the link and its target alone', async () => {
    fs.symlinkSync(path.join(area.outside, 'victim.txt'), path.join(area.project, 'Assets', 'a.txt'))
    await expect(write(area.project, 'Assets/a.txt', 'x')).rejects.toEqual(forbidden)
    expect(fs.lstatSync(path.join(area.project, 'Assets', 'a.txt')).isSymbolicLink()).toBe(true)
    expect(area.outsideSnapshot()).toEqual({ 'victim.txt': 'untouched\n' })
  })

  it('follows links that stay inside the project (folder and file), writing the real file', async () => {
    fs.mkdirSync(path.join(area.project, 'Shared'))
    fs.writeFileSync(path.join(area.project, 'Shared', 'b.txt'), 'old')
    fs.symlinkSync('../Shared', path.join(area.project, 'Assets', 'shared'))
    fs.symlinkSync('../Shared/b.txt', path.join(area.project, 'Assets', 'b-link.txt'))
    await write(area.project, 'Assets/shared/c.txt', 'c')
    await write(area.project, 'Assets/b-link.txt', 'new')
    expect(fs.readFileSync(path.join(area.project, 'Shared', 'c.txt'), 'utf8')).toBe('c')
    expect(fs.readFileSync(path.join(area.project, 'Shared', 'b.txt'), 'utf8')).toBe('new')
    expect(fs.lstatSync(path.join(area.project, 'Assets', 'b-link.txt')).isSymbolicLink()).toBe(true)
  })

  it('refuses ../ escapes and a dangling link, but accepts "..notes.txt" as a name', async () => {
    await expect(write(area.project, '../outside/victim.txt', 'x')).rejects.toEqual(forbidden)
    await expect(write(area.project, path.join(area.outside, 'victim.txt'), 'x')).rejects.toEqual(forbidden)
    fs.symlinkSync(path.join(area.outside, 'nothing-yet'), path.join(area.project, 'Assets', 'dangling'))
    await expect(write(area.project, 'Assets/dangling/x.txt', 'x')).rejects.toEqual(forbidden)
    await expect(write(area.project, 'Assets/dangling', 'x')).rejects.toEqual(forbidden)
    await write(area.project, '..notes.txt', 'notes')
    expect(fs.readFileSync(path.join(area.project, '..notes.txt'), 'utf8')).toBe('notes')
    expect(area.outsideSnapshot()).toEqual({ 'victim.txt': 'untouched\n' })
  })

  it('refuses a FIFO or a folder as the target instead of writing into it', async () => {
    makeFifo(path.join(area.project, 'Assets', 'pipe.txt'))
    await expect(write(area.project, 'Assets/pipe.txt', 'x')).rejects.toEqual(expect.objectContaining({ code: 'invalid_argument' }))
    await expect(write(area.project, 'Assets', 'x')).rejects.toEqual(expect.objectContaining({ code: 'invalid_argument' }))
  })

  it('keeps an existing file\'s mode; `mode` sets it exactly, umask or not', async () => {
    const file = path.join(area.project, 'run.sh')
    fs.writeFileSync(file, 'old', { mode: 0o751 })
    fs.chmodSync(file, 0o751)
    await write(area.project, 'run.sh', 'new')
    expect(fs.statSync(file).mode & 0o777).toBe(0o751)
    await write(area.project, 'secret.json', '{}', { mode: 0o600 })
    expect(fs.statSync(path.join(area.project, 'secret.json')).mode & 0o777).toBe(0o600)
    fs.chmodSync(file, 0o644)
    await write(area.project, 'run.sh', 'x', { mode: 0o600 })
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it('createOnly refuses an existing file and keeps it', async () => {
    fs.writeFileSync(path.join(area.project, 'Assets', 'a.meta'), 'guid: 1')
    await expect(write(area.project, 'Assets/a.meta', 'guid: 2', { createOnly: true })).rejects.toEqual(expect.objectContaining({ code: 'conflict' }))
    expect(fs.readFileSync(path.join(area.project, 'Assets', 'a.meta'), 'utf8')).toBe('guid: 1')
    await write(area.project, 'Assets/b.meta', 'guid: 3', { createOnly: true })
    expect(fs.readdirSync(path.join(area.project, 'Assets')).sort()).toEqual(['a.meta', 'b.meta'])
  })
})

describe('readConfined / removeConfined / copyDirConfined', () => {
  it('reads inside, refuses a read through a link out and a FIFO', async () => {
    fs.writeFileSync(path.join(area.project, 'Assets', 'a.txt'), 'a')
    fs.symlinkSync(area.outside, path.join(area.project, 'Assets', 'evil'))
    makeFifo(path.join(area.project, 'Assets', 'pipe.png'))
    expect((await readConfined(area.project, 'Assets/a.txt')).toString()).toBe('a')
    await expect(readConfined(area.project, 'Assets/evil/victim.txt')).rejects.toEqual(forbidden)
    await expect(readConfined(area.project, 'Assets/pipe.png')).rejects.toThrow(/FIFO/)
  })

  it('removes a link, never what it points to, and never through a link out', async () => {
    fs.mkdirSync(path.join(area.outside, 'pkg'))
    fs.writeFileSync(path.join(area.outside, 'pkg', 'keep.txt'), 'k')
    fs.symlinkSync(path.join(area.outside, 'pkg'), path.join(area.project, 'Packages', 'com.x'))
    fs.symlinkSync(area.outside, path.join(area.project, 'Assets', 'evil'))
    await removeConfined(area.project, 'Packages/com.x')
    expect(fs.existsSync(path.join(area.project, 'Packages', 'com.x'))).toBe(false)
    await expect(removeConfined(area.project, 'Assets/evil/pkg')).rejects.toEqual(forbidden)
    expect(fs.readFileSync(path.join(area.outside, 'pkg', 'keep.txt'), 'utf8')).toBe('k')
  })

  it('copies a tree into the project, refusing a destination folder that links out', async () => {
    const src = path.join(area.root, 'src')
    fs.mkdirSync(path.join(src, 'Editor'), { recursive: true })
    fs.writeFileSync(path.join(src, 'package.json'), '{}')
    fs.writeFileSync(path.join(src, 'Editor', 'A.cs'), 'class A {}')
    expect((await copyDirConfined(area.project, 'Packages/com.slate.bridge', src)).sort()).toEqual(['Editor/A.cs', 'package.json'])
    expect(fs.readFileSync(path.join(area.project, 'Packages/com.slate.bridge/Editor/A.cs'), 'utf8')).toBe('class A {}')
    fs.symlinkSync(area.outside, path.join(area.project, 'Packages', 'com.slate.evil'))
    await expect(copyDirConfined(area.project, 'Packages/com.slate.evil', src)).rejects.toEqual(forbidden)
    expect(area.outsideSnapshot()).toEqual({ 'victim.txt': 'untouched\n' })
  })
})
