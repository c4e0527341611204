import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { Logger, NodeIO } from '@gltf-transform/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unityFixture } from '../../../testing/fixtures'
import { processModel } from '../model'
import { AssetInputError } from '../types'
import { parseBinaryFbx } from './fbx-binary'
import { readBinaryFbx } from './fbx-geometry'
import { I, L, S, type MeshSpec, meshScene, writeFbx, type WNode } from './testing/write-fbx'
import { mulberry32 } from '../../../testing/prng'

/**
 * A project is untrusted: every damaged FBX must end in an AssetInputError (or, where the damage
 * is harmless, a model), never another exception, a hang or a runaway allocation.
 */

const banyan = fs.readFileSync(path.join(unityFixture('NavMeshComponents'), 'Assets/Examples/Prefabs/BanyanTree.fbx'))
let tmp: string
let assimpFbx: Buffer
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-fbx-hostile-'))
  const obj = path.join(tmp, 'g.obj')
  const v: string[] = []
  for (let z = 0; z <= 6; z++) for (let x = 0; x <= 6; x++) v.push(`v ${x} ${(x * z) % 3} ${z}`, `vt ${x / 6} ${z / 6}`, `vn 0 1 0`)
  const f: string[] = []
  for (let z = 0; z < 6; z++) for (let x = 0; x < 6; x++) f.push(`f ${[z * 7 + x + 1, z * 7 + x + 8, z * 7 + x + 9, z * 7 + x + 2].map((i) => `${i}/${i}/${i}`).join(' ')}`)
  fs.writeFileSync(obj, ['o G', ...v, ...f].join('\n'))
  execFileSync('assimp', ['export', obj, path.join(tmp, 'g.fbx'), '-ffbx'], { stdio: 'pipe' })
  assimpFbx = fs.readFileSync(path.join(tmp, 'g.fbx'))
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const square: MeshSpec = { name: 'Sq', vertices: [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0], polygons: [[0, 1, 2, 3]], normals: Array(12).fill(0).map((_, i) => (i % 3 === 2 ? 1 : 0)) }
const zipped = meshScene([{ ...square, zlib: true }], { version: 7500 })

/** What reading does with these bytes: 'ok', or the AssetInputError's message. Anything else throws. */
async function outcome(bytes: Uint8Array): Promise<string> {
  let doc
  try {
    doc = readBinaryFbx(bytes).document
  } catch (e) {
    if (e instanceof AssetInputError) return e.message
    throw e
  }
  // What the reader accepts, glTF-Transform must be able to write.
  doc.setLogger(new Logger(Logger.Verbosity.SILENT))
  await new NodeIO().writeBinary(doc)
  return 'ok'
}

async function rejects(bytes: Uint8Array, message: RegExp): Promise<void> {
  expect(await outcome(bytes)).toMatch(message)
}


/** Byte offset of the first node record called `name` (found by walking the real tree). */
function offsetOf(bytes: Buffer, name: string): number {
  const walk = (nodes: ReturnType<typeof parseBinaryFbx>['nodes']): number | undefined => {
    for (const n of nodes) {
      if (n.name === name) return n.offset
      const inner = walk(n.children)
      if (inner !== undefined) return inner
    }
  }
  return walk(parseBinaryFbx(bytes).nodes)!
}

describe('hostile binary FBX', () => {
  const bases: Array<[string, () => Buffer]> = [
    ['BanyanTree (FBX 6, big-endian, 32-bit)', () => banyan],
    ['assimp (FBX 7.5, 64-bit)', () => assimpFbx],
    ['zlib arrays (FBX 7.5)', () => zipped],
    ['FBX 7.4 (32-bit)', () => meshScene([square], { version: 7400 })],
  ]

  it.each(bases)('%s: the intact file reads', async (_, base) => {
    expect(await outcome(base())).toBe('ok')
  })

  it.each(bases)('%s: cut at 40 points, each is refused as truncated or damaged', async (_, base) => {
    const b = base()
    // The last top-level null record sits just before the 16+ byte footer; cutting there loses it.
    const cuts = [0, 10, 26, 27, 30, ...Array.from({ length: 35 }, (_, k) => Math.floor(((k + 1) * (b.length - 200)) / 36))]
    for (const at of cuts) await rejects(b.subarray(0, at), /truncated|damaged|not a binary FBX/)
  })

  it.each(bases)('%s: a node\'s end offset pointing backwards, to itself, past the file or off by one is refused', async (_, base) => {
    const b = base()
    const { version, littleEndian: le } = parseBinaryFbx(b)
    const wide = version >= 7500
    for (const name of ['Objects', 'Vertices', 'PolygonVertexIndex', 'Connections']) {
      const at = offsetOf(b, name)
      const view = (c: Buffer) => new DataView(c.buffer, c.byteOffset, c.byteLength)
      const end = wide ? Number(view(b).getBigUint64(at, le)) : view(b).getUint32(at, le)
      for (const bad of [at - 1, at, 1, end + 1, end - 1, b.length + 1000, 0xffffffff]) {
        const c = Buffer.from(b)
        if (wide) view(c).setBigUint64(at, BigInt(bad), le)
        else view(c).setUint32(at, bad, le)
        await rejects(c, /byte \d+/)
      }
    }
  })

  it('a zlib array whose declared length lies, either way, is refused', async () => {
    for (const verticesLength of [11, 13, 3, 1_000]) await rejects(meshScene([{ ...square, zlib: true, verticesLength }]), /declares|holds more data/)
    const notZlib = meshScene([{ ...square, zlib: true }])
    // FBX 7.4 record: 13-byte header, the name "Vertices", then type code and three u32 before the data.
    const at = offsetOf(notZlib, 'Vertices') + 13 + 8 + 1 + 12
    expect(notZlib[at]).toBe(0x78) // a zlib stream's first byte
    notZlib.fill(0x55, at, at + 6)
    await rejects(notZlib, /cannot be decompressed/)
  })

  it('a huge declared array length is refused before anything is allocated or inflated', async () => {
    for (const length of [0x7fffffff, 0xffffffff, 300_000_000, 200_000_000]) {
      for (const zip of [true, false]) await rejects(meshScene([{ ...square, zlib: zip, verticesLength: length }]), /more than|declares/)
    }
  })

  it('a real zlib bomb (100 MB of zeros in a ~100 kB file) is refused by the decode budget', async () => {
    const n = 12_500_000
    const bomb = zlib.deflateSync(Buffer.alloc(n * 8), { level: 9 })
    expect(bomb.length).toBeLessThan(200_000)
    const bytes = writeFbx([
      {
        name: 'Objects',
        children: [
          { name: 'Geometry', props: [L(1), S('Bomb\0\x01Geometry'), S('Mesh')], children: [{ name: 'Vertices', props: [{ t: 'd', v: [], zlib: true, length: n, stored: bomb }] }, { name: 'PolygonVertexIndex', props: [{ t: 'i', v: [0, 1, -3] }] }] },
          { name: 'Model', props: [L(2), S('Bomb\0\x01Model'), S('Mesh')] },
        ],
      },
      { name: 'Connections', children: [{ name: 'C', props: [S('OO'), L(1), L(2)] }, { name: 'C', props: [S('OO'), L(2), L(0)] }] },
    ])
    await rejects(bytes, /past 64 MiB/)
  })

  it('indices out of range, NaN positions, bad UV / normal indices and too-deep nesting are refused', async () => {
    await rejects(meshScene([{ ...square, polygons: [[0, 1, 4]] }]), /refers to vertex 4, but the mesh has only 4 vertices/)
    await rejects(meshScene([{ ...square, polygons: [[0, 1, -7]] }]), /refers to vertex/)
    await rejects(meshScene([{ ...square, vertices: [0, 0, 0, NaN, 0, 0, 1, 1, 0, 0, 1, 0] }]), /not a finite number/)
    await rejects(meshScene([{ ...square, vertices: [0, 0, 0, 1, 0] }]), /not a multiple of 3/)
    await rejects(meshScene([{ ...square, normals: [0, 0, 1] }]), /Normals refers to element 1 but holds only 1/)
    let deep: WNode = { name: 'Leaf', props: [I(1)] }
    for (let i = 0; i < 200; i++) deep = { name: 'N', children: [deep] }
    await rejects(writeFbx([deep]), /nested more than 64 deep/)
    // A header that is a file of its own, and nothing else.
    await rejects(Buffer.from('Kaydara FBX Binary  \0\x1a\0'), /truncated/)
    await rejects(writeFbx([], { version: 12000 }), /version 12000/)
  })

  it('one small geometry rebuilt for many Models (each with its own material) is refused by the mesh budget', () => {
    // 1M corners that deflate to a few kB, shared by 40 Models: each one's mesh would be ~24 MB.
    const corners = Array.from({ length: 1_000_000 }, (_, i) => (i % 4 === 3 ? -4 : i % 4))
    const objects: WNode[] = [
      {
        name: 'Geometry',
        props: [L(10), S('Shared\0\x01Geometry'), S('Mesh')],
        children: [{ name: 'Vertices', props: [{ t: 'd', v: [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0] }] }, { name: 'PolygonVertexIndex', props: [{ t: 'i', v: corners, zlib: true }] }],
      },
    ]
    const connections: WNode[] = []
    for (let k = 0; k < 40; k++) {
      objects.push({ name: 'Model', props: [L(100 + k), S(`M${k}\0\x01Model`), S('Mesh')] }, { name: 'Material', props: [L(500 + k), S(`Mat${k}\0\x01Material`), S('')] })
      connections.push({ name: 'C', props: [S('OO'), L(10), L(100 + k)] }, { name: 'C', props: [S('OO'), L(100 + k), L(0)] }, { name: 'C', props: [S('OO'), L(500 + k), L(100 + k)] })
    }
    const file = writeFbx([{ name: 'Objects', children: objects }, { name: 'Connections', children: connections }], { version: 7500 })
    expect(file.length).toBeLessThan(64 * 1024)
    expect(() => readBinaryFbx(file)).toThrow(AssetInputError)
    expect(() => readBinaryFbx(file)).toThrow(/MiB of meshes/)
  })

  it('Models whose parents loop are left out; a file with only those has no mesh', async () => {
    const bytes = meshScene([square, { ...square, name: 'Other' }], { parentOfSecond: 'first' })
    // Make the first Model's parent the second: 1001 → 1003 instead of 1001 → 0.
    const c = Buffer.from(bytes)
    const conn = c.lastIndexOf(Buffer.concat([Buffer.from('L'), le64(1001), Buffer.from('L'), le64(0)]))
    le64(1003).copy(c, conn + 10)
    await rejects(c, /no mesh in its scene/)
  })

  it('a Model hierarchy 1000 deep is refused, not walked', async () => {
    const models: WNode[] = Array.from({ length: 1000 }, (_, k) => ({ name: 'Model', props: [L(10 + k), S(`M${k}\0\x01Model`), S('Mesh')] }))
    const geometry: WNode = { name: 'Geometry', props: [L(1), S('G\0\x01Geometry'), S('Mesh')], children: [{ name: 'Vertices', props: [{ t: 'd', v: [0, 0, 0, 1, 0, 0, 0, 1, 0] }] }, { name: 'PolygonVertexIndex', props: [{ t: 'i', v: [0, 1, -3] }] }] }
    const links: WNode[] = [{ name: 'C', props: [S('OO'), L(1), L(10)] }, ...models.map((_, k) => ({ name: 'C', props: [S('OO'), L(10 + k), L(k === 0 ? 0 : 9 + k)] }))]
    await rejects(writeFbx([{ name: 'Objects', children: [geometry, ...models] }, { name: 'Connections', children: links }]), /nests its models more than 256 deep/)
  })

  it.each(bases)('%s: 300 seeds of random byte corruption all end in a model or an AssetInputError', async (_, base) => {
    const b = base()
    let refused = 0
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = mulberry32(seed)
      const c = Buffer.from(b)
      const flips = 1 + Math.floor(rnd() * 8)
      for (let k = 0; k < flips; k++) c[27 + Math.floor(rnd() * (c.length - 27))] = Math.floor(rnd() * 256)
      if ((await outcome(c)) !== 'ok') refused++
    }
    expect(refused).toBeGreaterThan(0)
  }, 120_000)

  it('processModel reports a damaged binary FBX as an AssetInputError with the reason', async () => {
    const file = path.join(tmp, 'cut.fbx')
    fs.writeFileSync(file, banyan.subarray(0, 200_000))
    await expect(processModel(file, {})).rejects.toThrow(AssetInputError)
    await expect(processModel(file, {})).rejects.toThrow(/this binary FBX is truncated/)
  })
})

function le64(v: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigInt64LE(BigInt(v))
  return b
}
