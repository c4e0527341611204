/**
 * The fast, exact reference scan. The reference graph does not need a YAML tree: every reference
 * Unity serializes is `{fileID: N, guid: <32 lowercase hex>, type: T}`, so finding the bytes
 * `guid: ` followed by 32 hex digits is both exact and as fast as memchr (Buffer.indexOf is native).
 * This is the same pattern `rg -o 'guid: [0-9a-f]{32}'` counts, which is how the figures
 * were taken.
 */

const NEEDLE = Buffer.from('guid: ', 'latin1')

export interface GuidScan {
  /** Distinct referenced GUIDs with their occurrence counts, in first-seen order. */
  refs: Map<string, number>
  occurrences: number
}

function isLowerHex(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 97 && b <= 102)
}

/**
 * GUID strings seen so far, by a hash of their 32 bytes. A project references a few thousand
 * distinct GUIDs a million times; reusing the string instead of decoding one per occurrence takes
 * most of the garbage out of a full index. A hit is verified byte by byte, so a hash collision only
 * costs a decode. Cleared when it grows past a bound.
 */
const interned = new Map<number, string>()

function guidAt(buf: Buffer, g: number, hash: number): string {
  const known = interned.get(hash)
  if (known !== undefined) {
    let same = true
    for (let k = 0; k < 32; k++) {
      if (known.charCodeAt(k) !== buf[g + k]) {
        same = false
        break
      }
    }
    if (same) return known
  }
  if (interned.size > 500_000) interned.clear()
  const s = buf.toString('latin1', g, g + 32)
  interned.set(hash, s)
  return s
}

/** The (shared) string of the 32 lowercase hex bytes at `g`; the caller has checked them. */
export function guidString(buf: Buffer, g: number): string {
  let hash = 0x811c9dc5
  for (let k = g; k < g + 32; k++) hash = Math.imul(hash ^ buf[k], 0x01000193)
  return guidAt(buf, g, hash)
}

export function scanGuids(buf: Buffer, start = 0, end = buf.length): GuidScan {
  const refs = new Map<string, number>()
  let occurrences = 0
  let at = buf.indexOf(NEEDLE, start)
  while (at >= 0 && at + 6 + 32 <= end) {
    const g = at + 6
    let ok = true
    let hash = 0x811c9dc5
    for (let k = g; k < g + 32; k++) {
      const b = buf[k]
      if (!isLowerHex(b)) {
        ok = false
        break
      }
      hash = Math.imul(hash ^ b, 0x01000193)
    }
    if (ok) {
      const guid = guidAt(buf, g, hash)
      refs.set(guid, (refs.get(guid) ?? 0) + 1)
      occurrences++
      at = buf.indexOf(NEEDLE, g + 32)
    } else {
      at = buf.indexOf(NEEDLE, at + 1)
    }
  }
  return { refs, occurrences }
}

export type Storage = 'yaml' | 'json' | 'text' | 'binary' | 'lfs' | 'empty'

const LFS_HEAD = Buffer.from('version https://git-lfs.github.com/spec/', 'latin1')
const YAML_HEAD = Buffer.from('%YAML', 'latin1')

/**
 * How a file's bytes are stored. Binary means a NUL byte in the first 8 KiB, the same test git and
 * ripgrep use; Unity's binary serialization always has NULs in its header. LFS pointer files are
 * small text files that stand in for the real content, which is not in the checkout.
 */
export function classifyBytes(head: Buffer): Storage {
  // Index arithmetic rather than subarray()/equals(): this runs once per file, and each view
  // object was measurable garbage on a 100k-asset index.
  if (head.length === 0) return 'empty'
  if (head.length < 1024 && startsWith(head, LFS_HEAD)) return 'lfs'
  const nul = head.indexOf(0)
  if (nul >= 0 && nul < 8192) return 'binary'
  if (startsWith(head, YAML_HEAD)) return 'yaml'
  let k = 0
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) k = 3
  const end = Math.min(head.length, 8192)
  while (k < end && (head[k] === 32 || head[k] === 10 || head[k] === 13 || head[k] === 9)) k++
  if (head[k] === 0x7b /* { */) return 'json'
  return 'text'
}

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  if (buf.length < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (buf[i] !== prefix[i]) return false
  return true
}

/** The class ID of the first `--- !u!<classId> &` document: the main object of most assets. */
const DOC_MARK = Buffer.from('--- !u!', 'latin1')

export function firstClassId(buf: Buffer): string | null {
  // Unity YAML puts the first document header within the first lines; only look there.
  if (!startsWith(buf, YAML_HEAD)) return null
  const at = buf.indexOf(DOC_MARK)
  if (at < 0 || at > 4096) return null
  let k = at + 7
  let id = ''
  while (k < buf.length && k < at + 20 && ((buf[k] >= 48 && buf[k] <= 57) || buf[k] === 45)) id += String.fromCharCode(buf[k++])
  return id || null
}

/** Parse a Git LFS pointer: the object id and the real size, for reporting. */
export function parseLfsPointer(text: string): { oid: string | null; size: number | null } {
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1] ?? null
  const size = /^size (\d+)$/m.exec(text)?.[1]
  return { oid, size: size ? Number(size) : null }
}
