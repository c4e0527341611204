import zlib from 'node:zlib'

/**
 * A small binary FBX writer for tests: lets a test build exactly the file it needs, in either
 * record width (7400 = 32-bit, 7500 = 64-bit) and either byte order, and lie in any field.
 */

type Scalar = { t: 'Y' | 'I' | 'F' | 'D'; v: number } | { t: 'C'; v: boolean } | { t: 'L'; v: bigint } | { t: 'S'; v: string } | { t: 'R'; v: Uint8Array }
/** `length` overrides the declared element count, `zlib` stores it deflated, `stored` replaces the stored bytes. */
type ArrayProp = { t: 'f' | 'd' | 'l' | 'i' | 'b'; v: number[]; zlib?: boolean; length?: number; stored?: Uint8Array }
export type WProp = Scalar | ArrayProp
export interface WNode {
  name: string
  props?: WProp[]
  children?: WNode[]
}

export interface WriteOptions {
  version?: number
  bigEndian?: boolean
}

const SIZE = { f: 4, d: 8, l: 8, i: 4, b: 1 } as const

export function writeFbx(nodes: WNode[], o: WriteOptions = {}): Buffer {
  const version = o.version ?? 7400
  const le = !o.bigEndian
  const wide = version >= 7500
  const chunks: Buffer[] = []
  let pos = 0
  const push = (b: Buffer) => {
    chunks.push(b)
    pos += b.length
  }
  const u32 = (v: number) => {
    const b = Buffer.alloc(4)
    if (le) b.writeUInt32LE(v)
    else b.writeUInt32BE(v)
    return b
  }
  const word = (v: number) => {
    if (!wide) return u32(v)
    const b = Buffer.alloc(8)
    if (le) b.writeBigUInt64LE(BigInt(v))
    else b.writeBigUInt64BE(BigInt(v))
    return b
  }
  const nullRecord = () => Buffer.alloc(wide ? 25 : 13)

  const prop = (p: WProp): Buffer => {
    const code = Buffer.from(p.t, 'latin1')
    const b = (n: number, f: (x: Buffer) => void) => {
      const x = Buffer.alloc(n)
      f(x)
      return Buffer.concat([code, x])
    }
    switch (p.t) {
      case 'Y':
        return b(2, (x) => (le ? x.writeInt16LE(p.v) : x.writeInt16BE(p.v)))
      case 'C':
        return b(1, (x) => x.writeUInt8(p.v ? 1 : 0))
      case 'I':
        return b(4, (x) => (le ? x.writeInt32LE(p.v) : x.writeInt32BE(p.v)))
      case 'F':
        return b(4, (x) => (le ? x.writeFloatLE(p.v) : x.writeFloatBE(p.v)))
      case 'D':
        return b(8, (x) => (le ? x.writeDoubleLE(p.v) : x.writeDoubleBE(p.v)))
      case 'L':
        return b(8, (x) => (le ? x.writeBigInt64LE(p.v) : x.writeBigInt64BE(p.v)))
      case 'S':
      case 'R': {
        const data = typeof p.v === 'string' ? Buffer.from(p.v, 'utf8') : Buffer.from(p.v)
        return Buffer.concat([code, u32(data.length), data])
      }
      default: {
        const raw = Buffer.alloc(p.v.length * SIZE[p.t])
        const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
        p.v.forEach((v, i) => {
          const at = i * SIZE[p.t]
          if (p.t === 'd') dv.setFloat64(at, v, le)
          else if (p.t === 'f') dv.setFloat32(at, v, le)
          else if (p.t === 'i') dv.setInt32(at, v, le)
          else if (p.t === 'l') dv.setBigInt64(at, BigInt(v), le)
          else dv.setUint8(at, v ? 1 : 0)
        })
        const data = p.stored ? Buffer.from(p.stored) : p.zlib ? zlib.deflateSync(raw) : raw
        return Buffer.concat([code, u32(p.length ?? p.v.length), u32(p.zlib ? 1 : 0), u32(data.length), data])
      }
    }
  }

  const node = (n: WNode): void => {
    const props = Buffer.concat((n.props ?? []).map(prop))
    const name = Buffer.from(n.name, 'latin1')
    // The end offset is only known after the children: write a placeholder and patch it.
    const head = Buffer.concat([word(0), word(n.props?.length ?? 0), word(props.length), Buffer.from([name.length])])
    push(head)
    push(name)
    push(props)
    if (n.children?.length || (!n.props?.length && n.children)) {
      for (const c of n.children) node(c)
      push(nullRecord())
    }
    word(pos).copy(head, 0)
  }

  const header = Buffer.concat([Buffer.from('Kaydara FBX Binary  \0\x1a', 'latin1'), Buffer.from([le ? 0 : 1]), u32(version)])
  push(header)
  for (const n of nodes) node(n)
  push(nullRecord())
  push(Buffer.alloc(16)) // footer; readers ignore it
  return Buffer.concat(chunks)
}

/** Scalar helpers. */
export const S = (v: string): WProp => ({ t: 'S', v })
export const I = (v: number): WProp => ({ t: 'I', v })
export const D = (v: number): WProp => ({ t: 'D', v })
export const L = (v: number | bigint): WProp => ({ t: 'L', v: BigInt(v) })

export interface MeshSpec {
  name: string
  vertices: number[]
  polygons: number[][]
  normals?: number[]
  translation?: [number, number, number]
  rotation?: [number, number, number]
  zlib?: boolean
  /** Override the declared length of the Vertices array. */
  verticesLength?: number
}

/** An FBX 7 scene: one Geometry + Model per mesh, at the root (or the second under the first). */
export function meshScene(meshes: MeshSpec[], o: WriteOptions & { upAxis?: number; parentOfSecond?: 'first' } = {}): Buffer {
  const objects: WNode[] = []
  const connections: WNode[] = []
  meshes.forEach((m, k) => {
    const gid = 1000 + k * 2
    const mid = gid + 1
    const pvi = m.polygons.flatMap((p) => p.map((v, i) => (i === p.length - 1 ? -v - 1 : v)))
    const layers: WNode[] = m.normals ? [{ name: 'LayerElementNormal', props: [I(0)], children: [{ name: 'MappingInformationType', props: [S('ByPolygonVertex')] }, { name: 'ReferenceInformationType', props: [S('Direct')] }, { name: 'Normals', props: [{ t: 'd', v: m.normals, zlib: m.zlib }] }] }] : []
    objects.push({
      name: 'Geometry',
      props: [L(gid), S(`${m.name}\0\x01Geometry`), S('Mesh')],
      children: [{ name: 'Vertices', props: [{ t: 'd', v: m.vertices, zlib: m.zlib, length: m.verticesLength }] }, { name: 'PolygonVertexIndex', props: [{ t: 'i', v: pvi, zlib: m.zlib }] }, ...layers],
    })
    const p70: WNode[] = []
    const vec = (n: string, v: [number, number, number]): WNode => ({ name: 'P', props: [S(n), S(n), S(''), S('A'), D(v[0]), D(v[1]), D(v[2])] })
    if (m.translation) p70.push(vec('Lcl Translation', m.translation))
    if (m.rotation) p70.push(vec('Lcl Rotation', m.rotation))
    objects.push({ name: 'Model', props: [L(mid), S(`${m.name}\0\x01Model`), S('Mesh')], children: [{ name: 'Version', props: [I(232)] }, { name: 'Properties70', children: p70 }] })
    connections.push({ name: 'C', props: [S('OO'), L(gid), L(mid)] })
    connections.push({ name: 'C', props: [S('OO'), L(mid), L(k === 1 && o.parentOfSecond === 'first' ? 1001 : 0)] })
  })
  const settings: WNode = { name: 'GlobalSettings', children: [{ name: 'Properties70', children: [{ name: 'P', props: [S('UpAxis'), S('int'), S('Integer'), S(''), I(o.upAxis ?? 1)] }, { name: 'P', props: [S('FrontAxis'), S('int'), S('Integer'), S(''), I(o.upAxis === 2 ? 1 : 2)] }, { name: 'P', props: [S('FrontAxisSign'), S('int'), S('Integer'), S(''), I(o.upAxis === 2 ? -1 : 1)] }] }] }
  return writeFbx([{ name: 'FBXHeaderExtension', children: [{ name: 'FBXVersion', props: [I(o.version ?? 7400)] }] }, settings, { name: 'Objects', children: objects }, { name: 'Connections', children: connections }], o)
}
