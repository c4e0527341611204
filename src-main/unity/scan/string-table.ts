/**
 * Strings numbered in first-seen order, looked up straight from the bytes they are in. A project
 * references a few thousand to a hundred thousand distinct GUIDs a million times; with this, an
 * occurrence costs a hash of its 32 bytes and one probe, never a string or a Map entry, and the
 * reference scan can count per file in a flat array. Worker threads send these numbers (and each
 * string once) instead of strings; see index/facts-codec.ts.
 *
 * Keys are latin1: a byte and the char code it decodes to are the same number, so `idAt` (bytes)
 * and `idOf` (a string) hash alike.
 */
export class StringTable {
  readonly strings: string[] = []
  private hashes: Int32Array = new Int32Array(1024)
  /** Open addressing, linear probing: id + 1 per slot, 0 = empty. Kept under half full. */
  private slots: Int32Array = new Int32Array(2048)
  /** Scratch per id for whoever counts by id (scanGuidIds); always back to 0 between uses. */
  counts: Int32Array = new Int32Array(1024)

  get size(): number {
    return this.strings.length
  }

  /** Id of the `len` bytes at `at`, whose FNV-1a hash the caller computed (it has walked them). */
  idAt(buf: Buffer, at: number, len: number, hash: number): number {
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
    const hash = hashString(s)
    const mask = this.slots.length - 1
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]
      if (slot === 0) return this.add(s, hash, i)
      const id = slot - 1
      if (this.hashes[id] === hash && this.strings[id] === s) return id
    }
  }

  private add(s: string, hash: number, slot: number): number {
    const id = this.strings.length
    this.strings.push(s)
    if (id >= this.hashes.length) {
      this.hashes = grow(this.hashes)
      this.counts = grow(this.counts)
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

