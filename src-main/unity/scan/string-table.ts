/**
 * Strings numbered in first-seen order, looked up straight from the bytes they are in. A project
 * references a few thousand to a hundred thousand distinct GUIDs a million times; with this, an
 * occurrence costs a hash of its 32 bytes and one probe, never a string or a Map entry, and the
 * reference scan can count per file in a flat array. Worker threads send these numbers (and each
 * string once) instead of strings; see index/facts-codec.ts.
 *
 * Keys are latin1: a byte and the char code it decodes to are the same number, so `idAt` (bytes)
 * and `idOf` (a string) hash alike.
 *
 * A GUID (32 lowercase hex digits) is keyed by its value, four 32-bit words, however it arrives:
 * the reference scan packs the digits while it checks them (one table load per byte instead of a
 * multiply), and a probe compares four integers instead of 32 characters of a string. Those two
 * per-occurrence loops were a tenth of a 100k-asset index.
 */
export class StringTable {
  readonly strings: string[] = []
  private hashes: Int32Array = new Int32Array(1024)
  /** Open addressing, linear probing: id + 1 per slot, 0 = empty. Kept under half full. */
  private slots: Int32Array = new Int32Array(2048)
  /** Scratch per id for whoever counts by id (scanGuidIds); always back to 0 between uses. */
  counts: Int32Array = new Int32Array(1024)
  /** Per id: 1 when the key is a GUID, whose value is then `words[4 * id … 4 * id + 3]`. */
  private isGuid: Uint8Array = new Uint8Array(1024)
  private words: Int32Array = new Int32Array(4096)

  get size(): number {
    return this.strings.length
  }

  /** Id of the `len` bytes at `at`, whose FNV-1a hash the caller computed (it has walked them). */
  idAt(buf: Buffer, at: number, len: number, hash: number): number {
    if (len === 32) {
      const id = this.idGuidAt(buf, at)
      if (id >= 0) return id
    }
    const mask = this.slots.length - 1
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]
      if (slot === 0) return this.add(buf.toString('latin1', at, at + len), hash, i)
      const id = slot - 1
      if (this.hashes[id] === hash && sameBytes(this.strings[id], buf, at, len)) return id
    }
  }

  /** Id of a string (added when new). */
  idOf(s: string): number {
    if (s.length === 32) {
      let w0 = 0
      let w1 = 0
      let w2 = 0
      let w3 = 0
      let bad = 0
      for (let k = 0; k < 8; k++) {
        const a = hexOfCode(s.charCodeAt(k))
        const b = hexOfCode(s.charCodeAt(k + 8))
        const c = hexOfCode(s.charCodeAt(k + 16))
        const d = hexOfCode(s.charCodeAt(k + 24))
        bad |= a | b | c | d
        w0 = (w0 << 4) | a
        w1 = (w1 << 4) | b
        w2 = (w2 << 4) | c
        w3 = (w3 << 4) | d
      }
      if ((bad & 16) === 0) return this.idGuid(w0, w1, w2, w3, null, 0, s)
    }
    const hash = hashString(s)
    const mask = this.slots.length - 1
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]
      if (slot === 0) return this.add(s, hash, i)
      const id = slot - 1
      if (this.hashes[id] === hash && this.strings[id] === s) return id
    }
  }

  /** Id of the GUID at `at` when the 32 bytes there are lowercase hex, else -1. */
  idGuidAt(buf: Buffer, at: number): number {
    if (at < 0 || at + 32 > buf.length) return -1
    let w0 = 0
    let w1 = 0
    let w2 = 0
    let w3 = 0
    let bad = 0
    for (let k = at; k < at + 8; k++) {
      const a = HEX[buf[k]]
      const b = HEX[buf[k + 8]]
      const c = HEX[buf[k + 16]]
      const d = HEX[buf[k + 24]]
      bad |= a | b | c | d
      w0 = (w0 << 4) | a
      w1 = (w1 << 4) | b
      w2 = (w2 << 4) | c
      w3 = (w3 << 4) | d
    }
    return (bad & 16) === 0 ? this.idGuid(w0, w1, w2, w3, buf, at, null) : -1
  }

  /**
   * Id of the GUID whose digits pack to the words w0…w3 (digits 0–7, 8–15, 16–23, 24–31, four bits
   * each, first digit highest). Its string, when new, is `s` or else the 32 bytes at `at` of `buf`.
   */
  idGuid(w0: number, w1: number, w2: number, w3: number, buf: Buffer | null, at: number, s: string | null): number {
    const hash = guidHash(w0, w1, w2, w3)
    const mask = this.slots.length - 1
    const words = this.words
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]
      if (slot === 0) {
        const id = this.add(s ?? buf!.toString('latin1', at, at + 32), hash, i)
        this.isGuid[id] = 1
        this.words[4 * id] = w0
        this.words[4 * id + 1] = w1
        this.words[4 * id + 2] = w2
        this.words[4 * id + 3] = w3
        return id
      }
      const id = slot - 1
      const w = 4 * id
      if (this.hashes[id] === hash && this.isGuid[id] === 1 && words[w] === w0 && words[w + 1] === w1 && words[w + 2] === w2 && words[w + 3] === w3) return id
    }
  }

  private add(s: string, hash: number, slot: number): number {
    const id = this.strings.length
    this.strings.push(s)
    if (id >= this.hashes.length) {
      this.hashes = grow(this.hashes)
      this.counts = grow(this.counts)
      const isGuid = new Uint8Array(this.isGuid.length * 2)
      isGuid.set(this.isGuid)
      this.isGuid = isGuid
      this.words = grow(this.words)
    }
    this.hashes[id] = hash
    this.slots[slot] = id + 1
    if (2 * this.strings.length > this.slots.length) this.rehash()
    return id
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2)
    const mask = slots.length - 1
    for (let id = 0; id < this.strings.length; id++) {
      let i = this.hashes[id] & mask
      while (slots[i] !== 0) i = (i + 1) & mask
      slots[i] = id + 1
    }
    this.slots = slots
  }
}

/** Hex digit values of lowercase hex bytes; 16 (never a digit) for every other byte. */
export const HEX: Uint8Array = (() => {
  const t = new Uint8Array(256).fill(16)
  for (let i = 0; i < 10; i++) t[48 + i] = i
  for (let i = 0; i < 6; i++) t[97 + i] = 10 + i
  return t
})()

/** The hash of a packed GUID (a multiply-xor mix: the words of real GUIDs are random, of built-in ones mostly 0). */
export function guidHash(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ 0x811c9dc5, 0x9e3779b1)
  h = Math.imul(h ^ w1, 0x85ebca6b)
  h = Math.imul(h ^ w2, 0xc2b2ae35)
  h = Math.imul(h ^ w3, 0x27d4eb2f)
  return h ^ (h >>> 15)
}

function hexOfCode(c: number): number {
  return c < 256 ? HEX[c] : 16
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2)
  b.set(a)
  return b
}

export const FNV_OFFSET = 0x811c9dc5
export const FNV_PRIME = 0x01000193

export function hashBytes(buf: Buffer, at: number, len: number): number {
  let hash = FNV_OFFSET
  for (let k = at; k < at + len; k++) hash = Math.imul(hash ^ buf[k], FNV_PRIME)
  return hash
}

function hashString(s: string): number {
  let hash = FNV_OFFSET
  for (let k = 0; k < s.length; k++) hash = Math.imul(hash ^ (s.charCodeAt(k) & 0xff), FNV_PRIME)
  return hash
}

function sameBytes(s: string, buf: Buffer, at: number, len: number): boolean {
  if (s.length !== len) return false
  for (let k = 0; k < len; k++) if (s.charCodeAt(k) !== buf[at + k]) return false
  return true
}

