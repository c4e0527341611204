import zlib from 'node:zlib'
import { AssetInputError } from '../types'

/**
 * Binary FBX → a tree of nodes: the layout Blender's io_scene_fbx/parse_fbx.py reads (32-bit
 * records before version 7500, 64-bit from it), plus the big-endian variant old FBX SDKs wrote
 * (byte 22 of the header is 1, as in NavMeshComponents' BanyanTree.fbx, an FBX 6.0 file).
 *
 * The file is untrusted. Every offset is checked against the file and against the node it sits in,
 * each record must move strictly forward (so nesting cannot loop), depth is capped, and arrays are
 * only decoded when asked for (`FbxArray.values`), within a budget of decoded bytes per file, with
 * zlib's output capped at exactly the size the array declares. Anything wrong is an
 * AssetInputError that says where.
 */

export const FBX_BINARY_MAGIC = Buffer.from('Kaydara FBX Binary  \0', 'latin1')
const HEADER_LENGTH = 27
/** The record reader recurses once per level; real files nest under ten deep. */
const MAX_DEPTH = 64
/** Far beyond any real mesh (256M doubles are 2 GiB); above it a declared length is taken as a lie. */
const MAX_ARRAY_ELEMENTS = 256 << 20
/** Deflate cannot expand more than about 1032:1, so a larger claim is a lie (a zlib bomb or garbage). */
const MAX_DEFLATE_RATIO = 1032

export type FbxArrayType = 'f' | 'd' | 'l' | 'i' | 'b'
const ELEMENT_SIZE: Record<FbxArrayType, number> = { f: 4, d: 8, l: 8, i: 4, b: 1 }
export type FbxValues = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array

export type FbxProperty = number | bigint | boolean | string | Uint8Array | FbxArray

export interface FbxNode {
  name: string
  props: FbxProperty[]
  children: FbxNode[]
  /** Byte offset of the record, for error messages. */
  offset: number
}

export interface FbxFile {
  version: number
  littleEndian: boolean
  nodes: FbxNode[]
}

export function isBinaryFbx(bytes: Uint8Array): boolean {
  return bytes.length >= FBX_BINARY_MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, FBX_BINARY_MAGIC.length).equals(FBX_BINARY_MAGIC)
}

function damaged(why: string): AssetInputError {
  return new AssetInputError(`this binary FBX is damaged: ${why}`)
}
function truncated(why: string): AssetInputError {
  return new AssetInputError(`this binary FBX is truncated: ${why}`)
}

/**
 * Decoded bytes one file may produce in all: 64 times the file (at least 64 MiB, at most 1 GiB).
 * Geometry rarely compresses better than 5:1, so real models fit; a zlib bomb does not.
 */
class Budget {
  readonly cap: number
  private used = 0
  constructor(fileSize: number) {
    this.cap = Math.min(1 << 30, Math.max(64 << 20, fileSize * 64))
  }
  take(bytes: number, at: number): void {
    if (this.used + bytes > this.cap) throw damaged(`the array at byte ${at} would take the data decoded from this ${this.cap >> 20 > 64 ? '' : 'small '}file past ${this.cap >> 20} MiB, more than a real model of this size holds`)
    this.used += bytes
  }
}

/** An array property, decoded on first use (most arrays of a scene, e.g. animation, are never needed). */
export class FbxArray {
  private decoded: FbxValues | null = null
  constructor(
    readonly type: FbxArrayType,
    readonly length: number,
    private readonly encoding: number,
    private readonly data: Uint8Array,
    private readonly littleEndian: boolean,
    private readonly budget: Budget,
    /** Byte offset of the property, for error messages. */
    readonly at: number,
  ) {}

  values(): FbxValues {
    this.decoded ??= this.decode()
    return this.decoded
  }

  private decode(): FbxValues {
    const size = ELEMENT_SIZE[this.type]
    const bytes = this.length * size
    this.budget.take(bytes, this.at)
    let raw: Uint8Array = this.data
    if (this.encoding === 1 && bytes > 0) {
      try {
        raw = zlib.inflateSync(this.data, { maxOutputLength: bytes })
      } catch (e) {
        const tooBig = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
        throw damaged(tooBig ? `the compressed array at byte ${this.at} holds more data than the ${this.length} elements it declares` : `the compressed array at byte ${this.at} cannot be decompressed (${(e as Error).message})`)
      }
    } else if (this.encoding === 1) {
      raw = new Uint8Array(0)
    }
    if (raw.length !== bytes) throw damaged(`the array at byte ${this.at} declares ${this.length} elements (${bytes} bytes) but holds ${raw.length} bytes`)
    return toTyped(this.type, raw, this.length, this.littleEndian)
  }
}

/** Always a copy: the typed array must be aligned and must not keep the whole file alive. */
function toTyped(type: FbxArrayType, raw: Uint8Array, n: number, le: boolean): FbxValues {
  if (type === 'b') return Uint8Array.from(raw)
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  switch (type) {
    case 'f': {
      const out = new Float32Array(n)
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, le)
      return out
    }
    case 'd': {
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, le)
      return out
    }
    case 'i': {
      const out = new Int32Array(n)
      for (let i = 0; i < n; i++) out[i] = dv.getInt32(i * 4, le)
      return out
    }
    case 'l': {
      const out = new BigInt64Array(n)
      for (let i = 0; i < n; i++) out[i] = dv.getBigInt64(i * 8, le)
      return out
    }
  }
}

class Reader {
  private readonly dv: DataView
  private readonly buf: Buffer
  pos = HEADER_LENGTH
  readonly wide: boolean
  readonly budget: Budget
  constructor(
    readonly bytes: Uint8Array,
    readonly le: boolean,
    readonly version: number,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.wide = version >= 7500
    this.budget = new Budget(bytes.length)
  }

  /** Makes sure `n` bytes follow; `what` names the thing being read for the message. */
  need(n: number, what: string, limit = this.bytes.length): void {
    if (this.pos + n > limit) {
      if (limit === this.bytes.length) throw truncated(`${what} at byte ${this.pos} runs past the end of the file (${this.bytes.length} bytes)`)
      throw damaged(`${what} at byte ${this.pos} runs past the end of the node that holds it (byte ${limit})`)
    }
  }
  u8(): number {
    return this.dv.getUint8(this.pos++)
  }
  u32(): number {
    const v = this.dv.getUint32(this.pos, this.le)
    this.pos += 4
    return v
  }
  /** A record's offset or count: 64-bit in FBX 7.5+, but a file over 2^53 bytes cannot exist here. */
  word(): number {
    if (!this.wide) return this.u32()
    const v = this.dv.getBigUint64(this.pos, this.le)
    this.pos += 8
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v)
  }
  slice(n: number): Uint8Array {
    const s = this.bytes.subarray(this.pos, this.pos + n)
    this.pos += n
    return s
  }
  text(n: number): string {
    const s = this.buf.toString('utf8', this.pos, this.pos + n)
    this.pos += n
    return s
  }
  /** A fixed-size scalar read through DataView at the current position. */
  scalar<T>(size: number, get: (offset: number) => T): T {
    const v = get(this.pos)
    this.pos += size
    return v
  }
  /** The size of a record header, and so of the all-zero record that closes a list. */
  get nullLength(): number {
    return this.wide ? 25 : 13
  }

  /** One record, or null for the null record that closes a list. `end` is what holds it. */
  node(end: number, depth: number): FbxNode | null {
    const at = this.pos
    this.need(this.nullLength, 'a node header', end)
    const endOffset = this.word()
    const numProps = this.word()
    const propsLen = this.word()
    const nameLen = this.u8()
    if (endOffset === 0) {
      if (numProps !== 0 || propsLen !== 0 || nameLen !== 0) throw damaged(`the node at byte ${at} has no end but does have contents`)
      this.pos = at + this.nullLength
      return null
    }
    if (endOffset > this.bytes.length) throw truncated(`a node at byte ${at} ends at byte ${endOffset}, past the end of the file (${this.bytes.length} bytes)`)
    if (endOffset <= at) throw damaged(`the node at byte ${at} claims to end at byte ${endOffset}, before it starts`)
    if (endOffset > end) throw damaged(`the node at byte ${at} ends at byte ${endOffset}, past the end of the node that holds it (byte ${end})`)
    if (depth > MAX_DEPTH) throw damaged(`nodes are nested more than ${MAX_DEPTH} deep at byte ${at}`)
    this.need(nameLen, 'a node name', endOffset)
    const name = this.text(nameLen)
    const propsStart = this.pos
    const propsEnd = propsStart + propsLen
    if (propsEnd > endOffset) throw damaged(`the properties of node "${name}" at byte ${at} run past the end of the node`)
    // Every property takes at least two bytes, so a larger count is a lie (and would allocate for nothing).
    if (numProps * 2 > propsLen) throw damaged(`node "${name}" at byte ${at} claims ${numProps} properties in ${propsLen} bytes`)
    const props: FbxProperty[] = []
    for (let i = 0; i < numProps; i++) props.push(this.property(propsEnd))
    if (this.pos !== propsEnd) throw damaged(`the properties of node "${name}" at byte ${at} take ${this.pos - propsStart} bytes, not the ${propsLen} it declares`)
    // The child list should close with a null record (Blender insists on it), but assimp's exporter
    // leaves it out, so a list that simply reaches the node's end is accepted too.
    const children: FbxNode[] = []
    while (this.pos < endOffset) {
      const child = this.node(endOffset, depth + 1)
      if (child) {
        children.push(child)
      } else if (this.pos !== endOffset) {
        throw damaged(`the child list of node "${name}" at byte ${at} ends at byte ${this.pos - this.nullLength}, before the node does (byte ${endOffset})`)
      }
    }
    return { name, props, children, offset: at }
  }

  private property(end: number): FbxProperty {
    const at = this.pos
    this.need(1, 'a property', end)
    const code = String.fromCharCode(this.u8())
    const fixed = (n: number): void => this.need(n, `a property of type ${code}`, end)
    const dv = this.dv
    const le = this.le
    switch (code) {
      case 'Y':
        fixed(2)
        return this.scalar(2, (o) => dv.getInt16(o, le))
      case 'C':
        fixed(1)
        return this.u8() !== 0
      case 'I':
        fixed(4)
        return this.scalar(4, (o) => dv.getInt32(o, le))
      case 'F':
        fixed(4)
        return this.scalar(4, (o) => dv.getFloat32(o, le))
      case 'D':
        fixed(8)
        return this.scalar(8, (o) => dv.getFloat64(o, le))
      case 'L':
        fixed(8)
        return this.scalar(8, (o) => dv.getBigInt64(o, le))
      case 'S':
      case 'R': {
        fixed(4)
        const n = this.u32()
        this.need(n, code === 'S' ? 'a string' : 'raw data', end)
        return code === 'S' ? this.text(n) : this.slice(n)
      }
      case 'f':
      case 'd':
      case 'l':
      case 'i':
      case 'b': {
        fixed(12)
        const length = this.u32()
        const encoding = this.u32()
        const stored = this.u32()
        const bytes = length * ELEMENT_SIZE[code]
        if (length > MAX_ARRAY_ELEMENTS) throw damaged(`the array at byte ${at} declares ${length} elements, more than the ${MAX_ARRAY_ELEMENTS} SLATE accepts`)
        if (encoding === 0 && stored !== bytes) throw damaged(`the array at byte ${at} declares ${length} elements (${bytes} bytes) but stores ${stored} bytes`)
        if (encoding === 1 && bytes > stored * MAX_DEFLATE_RATIO + 64) throw damaged(`the compressed array at byte ${at} claims ${bytes} bytes from ${stored} compressed bytes, more than zlib can expand to`)
        if (encoding !== 0 && encoding !== 1) throw damaged(`the array at byte ${at} has unknown encoding ${encoding}`)
        this.need(stored, 'array data', end)
        return new FbxArray(code, length, encoding, this.slice(stored), this.le, this.budget, at)
      }
      default:
        throw damaged(`unknown property type 0x${code.charCodeAt(0).toString(16).padStart(2, '0')} at byte ${at}`)
    }
  }
}

export function parseBinaryFbx(bytes: Uint8Array): FbxFile {
  if (!isBinaryFbx(bytes)) throw new AssetInputError('this is not a binary FBX file (it does not start with "Kaydara FBX Binary")')
  if (bytes.length < HEADER_LENGTH) throw truncated(`the file is only ${bytes.length} bytes, shorter than the FBX header`)
  if (bytes[21] !== 0x1a) throw damaged('the header is not followed by the FBX marker byte 0x1A')
  // Byte 22 is 0 for little-endian files and 1 for big-endian ones (old FBX SDKs wrote both).
  if (bytes[22] !== 0 && bytes[22] !== 1) throw damaged(`byte 22 of the header is ${bytes[22]}, not 0 (little-endian) or 1 (big-endian)`)
  const le = bytes[22] === 0
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(23, le)
  if (version < 6000 || version >= 8000) throw new AssetInputError(`this binary FBX has version ${version}; SLATE reads binary FBX 6.x and 7.x (versions 6000 to 7999): export it again as FBX 7.4 or 7.5`)
  const r = new Reader(bytes, le, version)
  const nodes: FbxNode[] = []
  for (;;) {
    if (r.pos + r.nullLength > bytes.length) throw truncated(`the list of top-level nodes is not closed: the file ends at byte ${bytes.length}`)
    const n = r.node(bytes.length, 0)
    if (!n) break
    nodes.push(n)
  }
  return { version, littleEndian: le, nodes }
}

/** The first child called `name`. */
export function child(node: FbxNode | undefined, name: string): FbxNode | undefined {
  return node?.children.find((c) => c.name === name)
}
