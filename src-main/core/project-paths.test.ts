import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveInProject } from './project-paths'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-paths-'))
fs.mkdirSync(path.join(root, 'Assets'))
fs.writeFileSync(path.join(root, 'Assets', 'a.txt'), 'a')
fs.symlinkSync('/etc', path.join(root, 'Assets', 'escape'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

describe('resolveInProject', () => {
  it('resolves paths inside the project', () => {
    expect(resolveInProject(root, 'Assets/a.txt')).toBe(path.join(root, 'Assets', 'a.txt'))
    expect(resolveInProject(root, 'Assets\\a.txt')).toBe(path.join(root, 'Assets', 'a.txt'))
    expect(resolveInProject(root, 'Assets/../Assets/a.txt')).toBe(path.join(root, 'Assets', 'a.txt'))
  })

  it.each(['../../etc/passwd', '..', '/etc/passwd', 'Assets/../../x', 'Assets/a.txt\0.png'])('refuses %j', (p) => {
    expect(() => resolveInProject(root, p)).toThrow(expect.objectContaining({ code: 'forbidden_path' }))
  })

  it('accepts names that only start with two dots', () => {
    expect(resolveInProject(root, '..notes.txt')).toBe(path.join(root, '..notes.txt'))
    expect(resolveInProject(root, 'Assets/..a/..b')).toBe(path.join(root, 'Assets', '..a', '..b'))
  })

  it('refuses a symlink that points outside the project', () => {
    expect(() => resolveInProject(root, 'Assets/escape/passwd')).toThrow(expect.objectContaining({ code: 'forbidden_path' }))
  })
})
