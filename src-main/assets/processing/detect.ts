import { PROCESSABLE_EXTENSIONS } from '../../../src-shared/types-assetproc'
import { AssetInputError, type AssetKind } from './types'

/**
 * What a file is, by its extension and then by its first bytes: a project is untrusted and a
 * `.png` can be a Git LFS pointer (not pulled), a truncated download or something else entirely.
 * Each check gives a sentence a person can act on.
 */
const KIND_BY_EXT = PROCESSABLE_EXTENSIONS

export function extOf(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? name
  const dot = base.lastIndexOf('.')
  return dot <= 0 ? '' : base.slice(dot).toLowerCase()
}

export function kindOfName(name: string): AssetKind | null {
  return KIND_BY_EXT[extOf(name)] ?? null
}

const LFS_PREFIX = 'version https://git-lfs.github.com/spec/'

export function isLfsPointer(head: Uint8Array): boolean {
  return Buffer.from(head.subarray(0, LFS_PREFIX.length)).toString('latin1') === LFS_PREFIX
}

/** Throws AssetInputError when the first bytes cannot be the format the name says. */
export function checkHead(name: string, head: Uint8Array, size: number): void {
  const ext = extOf(name)
  if (size === 0) throw new AssetInputError('the file is empty')
  if (isLfsPointer(head)) throw new AssetInputError('this is a Git LFS pointer, not the file: run `git lfs pull` in the project first')
  const b = Buffer.from(head)
  const ascii = (from: number, to: number) => b.subarray(from, to).toString('latin1')
  switch (ext) {
    case '.png':
      if (b.length < 8 || b.readUInt32BE(0) !== 0x89504e47) throw new AssetInputError('not a PNG file (no PNG signature)')
      return
    case '.jpg':
    case '.jpeg':
      if (b.length < 3 || b[0] !== 0xff || b[1] !== 0xd8) throw new AssetInputError('not a JPEG file (no JPEG start marker)')
      return
    case '.webp':
      if (ascii(0, 4) !== 'RIFF' || ascii(8, 12) !== 'WEBP') throw new AssetInputError('not a WebP file (no RIFF/WEBP header)')
      return
    case '.wav':
      if (ascii(0, 4) !== 'RIFF' && ascii(0, 4) !== 'RF64') throw new AssetInputError(`not a WAV file: it starts with "${printable(b.subarray(0, 4))}", not "RIFF"`)
      if (ascii(8, 12) !== 'WAVE') throw new AssetInputError(`not a WAV file: the RIFF form is "${printable(b.subarray(8, 12))}", not "WAVE"`)
      return
    case '.ogg':
    case '.opus':
      if (ascii(0, 4) !== 'OggS') throw new AssetInputError('not an Ogg file (no OggS page header)')
      return
    case '.glb':
      if (ascii(0, 4) !== 'glTF') throw new AssetInputError('not a GLB file (no glTF magic)')
      return
    case '.fbx':
      // Binary FBX starts with "Kaydara FBX Binary"; ASCII FBX with comments or "FBXHeaderExtension".
      if (!ascii(0, 18).startsWith('Kaydara FBX Binary') && !/FBX|^\s*;/.test(ascii(0, Math.min(b.length, 512)))) throw new AssetInputError('not an FBX file (neither binary nor ASCII FBX header)')
      return
    default:
      return
  }
}

function printable(b: Buffer): string {
  return [...b].map((c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : '\\x' + c.toString(16).padStart(2, '0'))).join('')
}
