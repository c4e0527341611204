import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain .mjs script without types
import { applyFuses, applyFusesToFile, FUSE_INDEX, SENTINEL, SLATE_FUSES } from '../../scripts/electron-fuses.mjs'

// A stand-in for an Electron binary: random bytes around the fuse wire exactly as Electron lays
// it out (sentinel, version 1, length, one '0'/'1'/'r' byte per fuse). Electron's defaults:
// RunAsNode, NODE_OPTIONS and --inspect on; the rest off.
function fakeBinary(wires = 1, length = 9): Buffer {
  const parts: Buffer[] = [Buffer.from('\x7fELF random code before the wire')]
  for (let w = 0; w < wires; w++) {
    const fuses = Buffer.from('101100r00'.slice(0, length), 'latin1')
    parts.push(SENTINEL, Buffer.from([1, length]), fuses, Buffer.from(`code after wire ${w}`))
  }
  return Buffer.concat(parts)
}

const fuse = (buf: Buffer, name: keyof typeof FUSE_INDEX, wire = 0) => {
  let at = -1
  for (let i = 0; i <= wire; i++) at = buf.indexOf(SENTINEL, at + 1)
  return String.fromCharCode(buf[at + SENTINEL.length + 2 + FUSE_INDEX[name]])
}

describe('Electron fuses of the packaged app', () => {
  it('turns off RunAsNode, NODE_OPTIONS and --inspect, turns on asar integrity and asar-only loading', () => {
    const buf = fakeBinary()
    const before = Buffer.from(buf)
    const [report] = applyFuses(buf)
    expect(report.before).toBe('101100r00')
    expect(fuse(buf, 'RunAsNode')).toBe('0')
    expect(fuse(buf, 'EnableNodeOptionsEnvironmentVariable')).toBe('0')
    expect(fuse(buf, 'EnableNodeCliInspectArguments')).toBe('0')
    expect(fuse(buf, 'EnableEmbeddedAsarIntegrityValidation')).toBe('1')
    expect(fuse(buf, 'OnlyLoadAppFromAsar')).toBe('1')
    expect(fuse(buf, 'EnableCookieEncryption')).toBe('1')
    expect(fuse(buf, 'GrantFileProtocolExtraPrivileges')).toBe('0')
    expect(fuse(buf, 'LoadBrowserProcessSpecificV8Snapshot')).toBe('r') // removed by Electron: left alone
    // Nothing but fuse bytes changed.
    const changed = [...buf].map((b, i) => (b !== before[i] ? i : -1)).filter((i) => i >= 0)
    const wireStart = buf.indexOf(SENTINEL) + SENTINEL.length + 2
    expect(changed.every((i) => i >= wireStart && i < wireStart + 9)).toBe(true)
    expect(Object.keys(SLATE_FUSES).length).toBeGreaterThanOrEqual(6)
  })

  it('sets both slices of a universal binary, and writes the file in place', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-fuses-'))
    const file = path.join(dir, 'slate')
    fs.writeFileSync(file, fakeBinary(2), { mode: 0o755 })
    const { report } = applyFusesToFile(file)
    expect(report).toHaveLength(2)
    const buf = fs.readFileSync(file)
    expect([fuse(buf, 'RunAsNode', 0), fuse(buf, 'RunAsNode', 1)]).toEqual(['0', '0'])
    expect(fs.statSync(file).mode & 0o777).toBe(0o755)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('refuses what it does not understand instead of guessing', () => {
    expect(() => applyFuses(Buffer.from('no wire here'))).toThrow(/No fuse wire/)
    const v2 = fakeBinary()
    v2[v2.indexOf(SENTINEL) + SENTINEL.length] = 2
    expect(() => applyFuses(v2)).toThrow(/version 2/)
    expect(() => applyFuses(fakeBinary(1, 4))).toThrow(/no EnableEmbeddedAsarIntegrityValidation/)
    expect(() => applyFuses(fakeBinary(3))).toThrow(/3 fuse wires/)
  })
})
