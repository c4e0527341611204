// Electron fuses, flipped by us (no @electron/fuses: it needs Node 22, SLATE builds on Node 20).
// The format is Electron's documented fuse wire: the sentinel below, then one version byte (1),
// one length byte, then one byte per fuse: '0' disabled, '1' enabled, 'r' removed by Electron.
// A universal macOS binary holds two wires (one per slice); both are set.
import fs from 'node:fs'
import path from 'node:path'

export const SENTINEL = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX')
const DISABLE = 0x30
const ENABLE = 0x31
const REMOVED = 0x72

/** Fuse V1 wire positions (Electron's order; never reordered, only appended). */
export const FUSE_INDEX = {
  RunAsNode: 0,
  EnableCookieEncryption: 1,
  EnableNodeOptionsEnvironmentVariable: 2,
  EnableNodeCliInspectArguments: 3,
  EnableEmbeddedAsarIntegrityValidation: 4,
  OnlyLoadAppFromAsar: 5,
  LoadBrowserProcessSpecificV8Snapshot: 6,
  GrantFileProtocolExtraPrivileges: 7,
}

/**
 * SLATE's packaged app: no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS, no --inspect (each would let
 * any local process run code as the signed app), app code only from an integrity-checked asar,
 * no extra file:// privileges (the UI is served from slate://), cookies encrypted at rest.
 */
export const SLATE_FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  GrantFileProtocolExtraPrivileges: false,
}

/** Offsets of every fuse wire in a binary. */
export function findWires(buf) {
  const out = []
  for (let i = buf.indexOf(SENTINEL); i !== -1; i = buf.indexOf(SENTINEL, i + 1)) out.push(i + SENTINEL.length)
  return out
}

/** Set the fuses in a buffer (in place); returns what each wire held before and after. Throws on anything unexpected. */
export function applyFuses(buf, settings = SLATE_FUSES) {
  const wires = findWires(buf)
  if (wires.length === 0) throw new Error('No fuse wire found: is this an Electron (>= 12) binary or framework?')
  if (wires.length > 2) throw new Error(`Found ${wires.length} fuse wires; at most 2 are expected (universal macOS)`)
  return wires.map((at) => {
    const version = buf[at]
    const length = buf[at + 1]
    if (version !== 1) throw new Error(`Fuse wire version ${version} is not 1: update scripts/electron-fuses.mjs`)
    const before = buf.subarray(at + 2, at + 2 + length).toString('latin1')
    for (const [name, on] of Object.entries(settings)) {
      const i = FUSE_INDEX[name]
      if (i === undefined) throw new Error(`Unknown fuse ${name}`)
      if (i >= length) throw new Error(`This Electron's fuse wire has no ${name} (length ${length})`)
      const pos = at + 2 + i
      if (buf[pos] === REMOVED) continue
      if (buf[pos] !== DISABLE && buf[pos] !== ENABLE) throw new Error(`Fuse ${name} holds 0x${buf[pos].toString(16)}, not a fuse state`)
      buf[pos] = on ? ENABLE : DISABLE
    }
    return { at, before, after: buf.subarray(at + 2, at + 2 + length).toString('latin1') }
  })
}

/** The file that holds the wire: the binary itself, or the framework inside a macOS .app. */
export function fuseFileOf(target) {
  if (target.endsWith('.app')) return path.join(target, 'Contents/Frameworks/Electron Framework.framework/Electron Framework')
  return target
}

export function applyFusesToFile(target, settings = SLATE_FUSES) {
  const file = fuseFileOf(target)
  const buf = fs.readFileSync(file)
  const report = applyFuses(buf, settings)
  const tmp = `${file}.fuses-${process.pid}`
  fs.writeFileSync(tmp, buf, { mode: fs.statSync(file).mode })
  fs.renameSync(tmp, file)
  return { file, report }
}
