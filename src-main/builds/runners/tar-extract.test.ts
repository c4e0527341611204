import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hostileArea, type HostileArea } from '../../testing/hostile-fs'
import { extractTarBuffer } from './tar-extract'

let area: HostileArea
beforeEach(() => {
  area = hostileArea()
})
afterEach(() => area.cleanup())

/** A tar of `files` (rel → content) made by the system's tar, as a container's archive would be. */
function tarOf(files: Record<string, string>): Buffer {
  const src = path.join(area.root, 'src')
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true })
    fs.writeFileSync(path.join(src, rel), text)
  }
  return execFileSync('tar', ['-cf', '-', '-C', src, ...Object.keys(files)])
}

describe('extracting a build output into the project', () => {
  it('writes the files, and refuses an entry that would go through a folder link out of the project', () => {
    const dest = path.join(area.project, 'Builds')
    expect(extractTarBuffer(tarOf({ 'Game/game.x86_64': 'elf', 'Game/Data/a.bin': 'a' }), dest).map((f) => path.relative(dest, f)).sort()).toEqual([
      'Game/Data/a.bin',
      'Game/game.x86_64',
    ])
    fs.symlinkSync(area.outside, path.join(dest, 'Evil'))
    expect(() => extractTarBuffer(tarOf({ 'Evil/payload.txt': 'x' }), dest)).toThrow(/link out of the project/)
    expect(area.outsideSnapshot()).toEqual({ 'victim.txt': 'untouched\n' })
  })
  it('with the project as root, refuses a link above the output folder (Builds -> elsewhere) and leaves the outside untouched', () => {
    fs.symlinkSync(area.outside, path.join(area.project, 'Builds'))
    const dest = path.join(area.project, 'Builds', 'Linux')
    expect(() => extractTarBuffer(tarOf({ 'Game/game.x86_64': 'elf' }), dest, { root: area.project })).toThrow(/outside|link/)
    expect(area.outsideSnapshot()).toEqual({ 'victim.txt': 'untouched\n' })
  })

  it('with the project as root, writes an output folder that does not exist yet, one checked folder at a time', () => {
    const dest = path.join(area.project, 'Builds', 'Linux', 'x')
    const files = extractTarBuffer(tarOf({ 'Game/game.x86_64': 'elf' }), dest, { root: area.project })
    expect(files.map((f) => path.relative(fs.realpathSync(area.project), f))).toEqual(['Builds/Linux/x/Game/game.x86_64'])
    expect(() => extractTarBuffer(tarOf({ 'a.txt': 'a' }), area.outside, { root: area.project })).toThrow(/outside/)
  })
})
