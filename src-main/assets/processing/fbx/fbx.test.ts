import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Document, type mat4, NodeIO } from '@gltf-transform/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unityFixture } from '../../../testing/fixtures'
import { processModel, triangleCount } from '../model'
import { isBinaryFbx } from './fbx-binary'
import { readBinaryFbx } from './fbx-geometry'
import { meshScene } from './testing/write-fbx'

/**
 * The reader against an independent oracle: Debian's assimp writes binary FBX from an OBJ / DAE
 * this test makes (so the expected triangles, bounds, UVs and transforms come from the test's own
 * numbers, or from assimp's own reading of the DAE), and against the real BanyanTree.fbx from
 * Unity's NavMeshComponents, whose mesh names Unity recorded in the .meta.
 */

const banyan = path.join(unityFixture('NavMeshComponents'), 'Assets/Examples/Prefabs/BanyanTree.fbx')
let tmp: string
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-fbx-test-'))
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const assimp = (...args: string[]) => execFileSync('assimp', args, { stdio: 'pipe' })

interface ObjSpec {
  text: string
  /** Per object: triangles after fan triangulation, and its vertex bounds. */
  objects: Array<{ name: string; triangles: number; min: number[]; max: number[] }>
}

/** A bumpy grid of nx×nz quads (with UVs and per-vertex normals) and a small n-gon fan beside it. */
function makeObj(nx: number, nz: number): ObjSpec {
  const lines: string[] = ['o Grid']
  const height = (x: number, z: number) => Math.sin(x * 0.7) * Math.cos(z * 0.4) * 0.3
  for (let z = 0; z <= nz; z++) {
    for (let x = 0; x <= nx; x++) {
      const [a, b, c] = [Math.cos(x) * 0.3, 1, Math.sin(z) * 0.3]
      const l = Math.hypot(a, b, c)
      lines.push(`v ${x} ${height(x, z)} ${z}`, `vt ${x / nx} ${z / nz}`, `vn ${a / l} ${b / l} ${c / l}`)
    }
  }
  const id = (x: number, z: number) => z * (nx + 1) + x + 1
  for (let z = 0; z < nz; z++) {
    for (let x = 0; x < nx; x++) {
      const q = [id(x, z), id(x, z + 1), id(x + 1, z + 1), id(x + 1, z)]
      lines.push(`f ${q.map((v) => `${v}/${v}/${v}`).join(' ')}`)
    }
  }
  let gmin = [Infinity, Infinity, Infinity]
  let gmax = [-Infinity, -Infinity, -Infinity]
  for (let z = 0; z <= nz; z++) {
    for (let x = 0; x <= nx; x++) {
      const p = [x, height(x, z), z]
      gmin = gmin.map((m, i) => Math.min(m, p[i]))
      gmax = gmax.map((m, i) => Math.max(m, p[i]))
    }
  }
  // A hexagon (one polygon, 4 triangles) and a triangle, away from the grid.
  const base = (nx + 1) * (nz + 1)
  lines.push('o Fan')
  const hex = Array.from({ length: 6 }, (_, k) => [-5 + Math.cos((k * Math.PI) / 3), 2, 3 + Math.sin((k * Math.PI) / 3)])
  for (const p of [...hex, [-7, 0, 0], [-6, 0, 0], [-6, 1, 0]]) lines.push(`v ${p.join(' ')}`)
  lines.push(`f ${hex.map((_, k) => base + k + 1).join(' ')}`, `f ${base + 7} ${base + 8} ${base + 9}`)
  const fanPts = [...hex, [-7, 0, 0], [-6, 0, 0], [-6, 1, 0]]
  const fan = { min: [0, 1, 2].map((i) => Math.min(...fanPts.map((p) => p[i]))), max: [0, 1, 2].map((i) => Math.max(...fanPts.map((p) => p[i]))) }
  return {
    text: lines.join('\n') + '\n',
    objects: [
      { name: 'Grid', triangles: nx * nz * 2, min: gmin, max: gmax },
      { name: 'Fan', triangles: 4 + 1, min: fan.min, max: fan.max },
    ],
  }
}

function meshBounds(doc: Document, name: string): { min: number[]; max: number[]; triangles: number } {
  const mesh = doc.getRoot().listMeshes().find((m) => m.getName() === name)!
  let min = [Infinity, Infinity, Infinity]
  let max = [-Infinity, -Infinity, -Infinity]
  let triangles = 0
  for (const p of mesh.listPrimitives()) {
    min = p.getAttribute('POSITION')!.getMin([]).map((v, i) => Math.min(v, min[i]))
    max = p.getAttribute('POSITION')!.getMax([]).map((v, i) => Math.max(v, max[i]))
    triangles += p.getIndices()!.getCount() / 3
  }
  return { min, max, triangles }
}

/** World-space corners of each mesh node's bounding box, by node name. */
function worldBounds(doc: Document): Map<string, { min: number[]; max: number[] }> {
  const out = new Map<string, { min: number[]; max: number[] }>()
  for (const node of doc.getRoot().listNodes()) {
    const mesh = node.getMesh()
    if (!mesh) continue
    const m: mat4 = node.getWorldMatrix()
    let min = [Infinity, Infinity, Infinity]
    let max = [-Infinity, -Infinity, -Infinity]
    for (const prim of mesh.listPrimitives()) {
      const pos = prim.getAttribute('POSITION')!
      for (let i = 0; i < pos.getCount(); i++) {
        const [x, y, z] = pos.getElement(i, [0, 0, 0])
        const w = [0, 1, 2].map((r) => m[r] * x + m[4 + r] * y + m[8 + r] * z + m[12 + r])
        min = min.map((v, k) => Math.min(v, w[k]))
        max = max.map((v, k) => Math.max(v, w[k]))
      }
    }
    out.set(node.getName(), { min, max })
  }
  return out
}

describe('binary FBX written by assimp from the test\'s own OBJ', () => {
  it('has the triangles, bounds, meshes, nodes, UVs and normals of the OBJ', () => {
    const spec = makeObj(23, 17)
    const obj = path.join(tmp, 'grid.obj')
    const fbx = path.join(tmp, 'grid.fbx')
    fs.writeFileSync(obj, spec.text)
    assimp('export', obj, fbx, '-ffbx')
    const bytes = fs.readFileSync(fbx)
    expect(isBinaryFbx(bytes)).toBe(true)
    const { document: doc } = readBinaryFbx(bytes)
    expect(doc.getRoot().listMeshes().map((m) => m.getName()).sort()).toEqual(['Fan', 'Grid'])
    expect(doc.getRoot().listNodes().filter((n) => n.getMesh()).map((n) => n.getName()).sort()).toEqual(['Fan', 'Grid'])
    for (const o of spec.objects) {
      const b = meshBounds(doc, o.name)
      expect(b.triangles).toBe(o.triangles)
      b.min.forEach((v, i) => expect(v).toBeCloseTo(o.min[i], 5))
      b.max.forEach((v, i) => expect(v).toBeCloseTo(o.max[i], 5))
    }
    expect(triangleCount(doc)).toBe(spec.objects[0].triangles + spec.objects[1].triangles)
    // Every grid corner carries the UV and normal the OBJ gave its position (V flipped for glTF).
    const grid = doc.getRoot().listMeshes().find((m) => m.getName() === 'Grid')!.listPrimitives()[0]
    const [pos, uv, nor] = ['POSITION', 'TEXCOORD_0', 'NORMAL'].map((s) => grid.getAttribute(s)!)
    expect(pos.getCount()).toBe(23 * 17 * 4)
    for (let i = 0; i < pos.getCount(); i++) {
      const [x, , z] = pos.getElement(i, [0, 0, 0])
      const [u, v] = uv.getElement(i, [0, 0])
      expect(u).toBeCloseTo(x / 23, 5)
      expect(v).toBeCloseTo(1 - z / 17, 5)
      const [a, b, c] = [Math.cos(x) * 0.3, 1, Math.sin(z) * 0.3]
      const l = Math.hypot(a, b, c)
      expect(nor.getElement(i, [0, 0, 0])).toEqual([a / l, b / l, c / l].map((n) => expect.closeTo(n, 5)))
    }
  })

  it('places a DAE hierarchy (translate, two rotations, non-uniform scale, child, shared mesh) where assimp places the DAE itself', async () => {
    const dae = path.join(tmp, 'tree.dae')
    fs.writeFileSync(dae, `<?xml version="1.0" encoding="utf-8"?>
<COLLADA xmlns="http://www.collada.org/2005/11/COLLADASchema" version="1.4.1">
  <asset><unit name="meter" meter="1"/><up_axis>Y_UP</up_axis></asset>
  <library_geometries><geometry id="box" name="box"><mesh>
    <source id="p"><float_array id="pa" count="24">0 0 0 1 0 0 1 1 0 0 1 0 0 0 2 1 0 2 1 1 2 0 1 2</float_array>
      <technique_common><accessor source="#pa" count="8" stride="3"><param name="X" type="float"/><param name="Y" type="float"/><param name="Z" type="float"/></accessor></technique_common></source>
    <vertices id="v"><input semantic="POSITION" source="#p"/></vertices>
    <polylist count="3"><input semantic="VERTEX" source="#v" offset="0"/><vcount>4 4 4</vcount><p>0 1 2 3 4 5 6 7 0 1 5 4</p></polylist>
  </mesh></geometry></library_geometries>
  <library_visual_scenes><visual_scene id="s">
    <node id="Parent" name="Parent"><translate>5 0 -3</translate><rotate>0 1 0 30</rotate><rotate>1 0 0 45</rotate><scale>2 1 0.5</scale>
      <instance_geometry url="#box"/>
      <node id="Child" name="Child"><translate>0 4 0</translate><rotate>0 0 1 -60</rotate><scale>1 3 1</scale><instance_geometry url="#box"/></node>
    </node>
  </visual_scene></library_visual_scenes>
  <scene><instance_visual_scene url="#s"/></scene>
</COLLADA>
`)
    const fbx = path.join(tmp, 'tree.fbx')
    const glb = path.join(tmp, 'tree.glb')
    assimp('export', dae, fbx, '-ffbx')
    assimp('export', dae, glb, '-fglb2')
    const ours = readBinaryFbx(fs.readFileSync(fbx)).document
    const theirs = await new NodeIO().read(glb)
    const a = worldBounds(ours)
    const b = worldBounds(theirs)
    expect([...a.keys()].sort()).toEqual(['Child', 'Parent'])
    expect([...b.keys()].sort()).toEqual(['Child', 'Parent'])
    for (const name of a.keys()) {
      a.get(name)!.min.forEach((v, i) => expect(v).toBeCloseTo(b.get(name)!.min[i], 4))
      a.get(name)!.max.forEach((v, i) => expect(v).toBeCloseTo(b.get(name)!.max[i], 4))
    }
    // One geometry used by two models stays one mesh.
    expect(ours.getRoot().listMeshes()).toHaveLength(1)
    expect(triangleCount(ours)).toBe(6)
  })

  it('sends ASCII FBX to assimp and binary FBX to the reader, with the same triangles', async () => {
    const spec = makeObj(9, 4)
    const obj = path.join(tmp, 'small.obj')
    fs.writeFileSync(obj, spec.text)
    const bin = path.join(tmp, 'small.fbx')
    const ascii = path.join(tmp, 'small-ascii.fbx')
    assimp('export', obj, bin, '-ffbx')
    assimp('export', obj, ascii, '-ffbxa')
    expect(fs.readFileSync(ascii, 'latin1').startsWith('; FBX')).toBe(true)
    const viaReader = await processModel(bin, {})
    const viaAssimp = await processModel(ascii, {})
    expect(viaReader.notes.join('\n')).toMatch(/SLATE's own FBX reader/)
    expect(viaAssimp.notes).toContain('FBX converted to GLB with assimp')
    const want = spec.objects[0].triangles + spec.objects[1].triangles
    expect(viaReader.before.triangles).toBe(want)
    expect(viaAssimp.before.triangles).toBe(want)
  })
})

describe('FBX variants the reader has to agree on', () => {
  const quad = { name: 'Q', vertices: [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0.5, 1.5, 0], polygons: [[0, 1, 2, 4, 3]], translation: [1, 2, 3] as [number, number, number], rotation: [0, 0, 90] as [number, number, number] }
  const tri = { name: 'T', vertices: [0, 0, 0, 1, 0, 0, 0, 1, 0], polygons: [[0, 1, 2]] }

  it('reads 32- and 64-bit records, both byte orders and zlib arrays alike, and applies Z-up and the hierarchy', () => {
    const results = [7400, 7500].flatMap((version) =>
      [false, true].flatMap((bigEndian) =>
        [false, true].map((zlib) => {
          const doc = readBinaryFbx(meshScene([{ ...quad, zlib }, tri], { version, bigEndian, upAxis: 2, parentOfSecond: 'first' })).document
          return { tris: triangleCount(doc), world: Object.fromEntries([...worldBounds(doc)].map(([k, v]) => [k, [...v.min, ...v.max].map((x) => +x.toFixed(6) + 0)])) }
        }),
      ),
    )
    for (const r of results) expect(r).toEqual(results[0])
    expect(results[0].tris).toBe(3 + 1)
    // Q: rotated 90° about Z, moved by (1,2,3), then Z-up → Y-up: (x, y, z) → (x, z, −y).
    // Its corners (0..1, 0..1.5, 0) become x ∈ [1−1.5, 1], y = 3, z ∈ [−3, −2]; T sits under Q.
    expect(results[0].world.Q).toEqual([-0.5, 3, -3, 1, 3, -2])
    expect(results[0].world.T).toEqual([0, 3, -3, 1, 3, -2])
  })
})

describe('BanyanTree.fbx (a real big-endian FBX 6 binary from Unity\'s NavMeshComponents)', () => {
  it('converts through processModel with LODs, and its mesh names are the ones Unity recorded', async () => {
    const meta = fs.readFileSync(`${banyan}.meta`, 'utf8')
    // Unity's ids of class 43 (Mesh) are 43xxxxx, in fileIDToRecycleName (older) or internalIDToNameTable.
    const unityMeshes = [...meta.matchAll(/^\s+43\d{5}: (.+)$/gm), ...meta.matchAll(/first:\s*\n?\s*43: 43\d{5}\s*\n\s*second: (.+)$/gm)].map((m) => m[1].trim())
    expect(unityMeshes).toEqual(['BanyanTree'])

    const bytes = fs.readFileSync(banyan)
    const t0 = performance.now()
    const { document, notes } = readBinaryFbx(bytes)
    const ms = performance.now() - t0
    const names = document.getRoot().listMeshes().map((m) => m.getName())
    expect(names.sort()).toEqual([...unityMeshes].sort())
    expect(document.getRoot().listMaterials().map((m) => m.getName())).toEqual(['BanyanBark', 'BanyanBranches'])
    expect(notes.join('\n')).toMatch(/binary FBX 6/)

    const r = await processModel(banyan, { lods: [0.5, 0.1], lodError: 0.5 })
    const counts = r.outputs.map((o) => o.figures.triangles!)
    console.info(`BanyanTree.fbx: read in ${ms.toFixed(1)} ms; meshes ${names.join(', ')}; triangles per LOD ${counts.join(' → ')}`)
    expect(r.before.triangles).toBe(triangleCount(document))
    expect(counts[0]).toBeGreaterThan(0)
    expect(counts[0]).toBe(r.before.triangles)
    expect(counts[1]).toBeLessThan(counts[0])
    expect(counts[2]).toBeLessThan(counts[1])
    const glb = await new NodeIO().readBinary(r.outputs[0].data)
    expect(triangleCount(glb)).toBe(counts[0])
    expect(glb.getRoot().listMeshes().map((m) => m.getName())).toEqual(unityMeshes)
  })
})
