import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../src-shared/contract-kit'
import { listProjectFiles } from './file-list'
import { findInFiles, globToRegExp, previewOf } from './find-in-files'
import { readTextFile, saveTextFile } from './text-file'

let root: string
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-files-'))
  const put = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
    fs.writeFileSync(path.join(root, rel), text)
  }
  put('Assets/Scripts/Player.cs', 'class Player {\r\n  int speed = 3;\r\n}\r\n')
  put('Assets/Scripts/Player.cs.meta', 'guid: 0123456789abcdef0123456789abcdef\n')
  put('Assets/Scripts/Enemy.cs', 'class Enemy { Player target; }\n')
  put('Library/ScriptAssemblies/Junk.cs', 'class Player {}\n')
  put('Temp/x.txt', 'Player\n')
  put('ProjectSettings/ProjectVersion.txt', 'm_EditorVersion: 2020.3.23f1\n')
  put('Assets/blob.bytes', Buffer.from([0, 1, 2, 80, 108, 97, 121, 101, 114]).toString('binary'))
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

describe('save', () => {
  it('writes atomically and returns the new hash; the next save with that hash succeeds', async () => {
    const abs = path.join(root, 'Assets/Scripts/Player.cs')
    const snap = await readTextFile(root, abs, 'Assets/Scripts/Player.cs')
    const first = await saveTextFile(root, abs, 'Assets/Scripts/Player.cs', { content: snap.content.replace('3', '5'), baseHash: snap.hash })
    expect(fs.readFileSync(abs, 'utf8')).toContain('speed = 5;\r\n')
    await saveTextFile(root, abs, 'Assets/Scripts/Player.cs', { content: 'x', baseHash: first.hash })
    expect(fs.readFileSync(abs, 'utf8')).toBe('x')
    expect(fs.readdirSync(path.dirname(abs)).filter((f) => f.includes('.tmp'))).toEqual([])
  })

  it('refuses to overwrite a file changed on disk since it was opened, and writes nothing', async () => {
    const abs = path.join(root, 'Assets/Scripts/Player.cs')
    const snap = await readTextFile(root, abs, 'Assets/Scripts/Player.cs')
    fs.writeFileSync(abs, 'changed behind the editor')
    const err = await saveTextFile(root, abs, 'Assets/Scripts/Player.cs', { content: 'mine', baseHash: snap.hash }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('conflict')
    expect(fs.readFileSync(abs, 'utf8')).toBe('changed behind the editor')
    await saveTextFile(root, abs, 'Assets/Scripts/Player.cs', { content: 'mine', baseHash: snap.hash, force: true })
    expect(fs.readFileSync(abs, 'utf8')).toBe('mine')
  })

  it('treats a file deleted on disk as a conflict, and a new file needs a null base', async () => {
    const abs = path.join(root, 'Assets/Scripts/Enemy.cs')
    const snap = await readTextFile(root, abs, 'Assets/Scripts/Enemy.cs')
    fs.rmSync(abs)
    await expect(saveTextFile(root, abs, 'Assets/Scripts/Enemy.cs', { content: 'x', baseHash: snap.hash })).rejects.toMatchObject({ code: 'conflict' })
    await saveTextFile(root, abs, 'Assets/Scripts/Enemy.cs', { content: 'new', baseHash: null })
    expect(fs.readFileSync(abs, 'utf8')).toBe('new')
  })
})

describe('file list', () => {
  it('lists project files without .meta and without Unity caches', async () => {
    const { files } = await listProjectFiles(root)
    expect(files).toContain('Assets/Scripts/Player.cs')
    expect(files).toContain('ProjectSettings/ProjectVersion.txt')
    expect(files.some((f) => f.endsWith('.meta'))).toBe(false)
    expect(files.some((f) => f.startsWith('Library/') || f.startsWith('Temp/'))).toBe(false)
  })
})

describe('find in files', () => {
  for (const engine of ['ripgrep', 'node'] as const) {
    it(`finds matches with 1-based line and column, skipping caches and binaries (${engine})`, async () => {
      const res = await findInFiles(root, { query: 'player' }, { rgPath: engine === 'node' ? null : undefined })
      const paths = res.matches.map((m) => `${m.path}:${m.line}:${m.column}`).sort()
      expect(paths).toEqual(['Assets/Scripts/Enemy.cs:1:15', 'Assets/Scripts/Player.cs:1:7'])
      const cs = await findInFiles(root, { query: 'Player', caseSensitive: true, include: '*.cs', wholeWord: true }, { rgPath: engine === 'node' ? null : undefined })
      expect(cs.matches.length).toBe(2)
      expect(cs.matches.every((m) => !m.preview.includes('\r'))).toBe(true)
    })
  }

  it('rejects an invalid regex with a clear message', async () => {
    await expect(findInFiles(root, { query: '(', regex: true })).rejects.toMatchObject({ code: 'invalid_argument' })
  })

  it('shows a window of very long lines around the match', () => {
    const line = 'a'.repeat(100_000) + 'NEEDLE' + 'b'.repeat(100_000)
    const p = previewOf(line, 100_000, 6)
    expect(p.preview.length).toBeLessThan(200)
    expect(p.preview.slice(p.previewColumn, p.previewColumn + 6)).toBe('NEEDLE')
  })

  it('globs', () => {
    expect(globToRegExp('Assets/**/*.cs').test('Assets/A/B/c.cs')).toBe(true)
    expect(globToRegExp('*.cs').test('c.cs')).toBe(true)
    expect(globToRegExp('*.cs').test('a/c.cs')).toBe(false)
  })
})
