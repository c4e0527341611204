import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getBounds, NodeIO, type Document } from '@gltf-transform/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, unityFixture } from '../../../testing/fixtures'
import { readBinaryFbx } from './fbx-geometry'

/**
 * SLATE's FBX reader against Autodesk's own FBX SDK, on the real BanyanTree.fbx: FBX2glTF (Meta's
 * converter, built on the FBX SDK; npm `fbx2gltf` ships its Linux binary) converts the same file,
 * and both must agree on triangles per material, material names and the shape. FBX2glTF converts
 * the file's centimetres to metres, so bounds agree up to one uniform scale, checked as one factor
 * across all six extents. (It reads assimp-written FBX as empty, so it is an oracle only for files
 * real tools wrote.)
 */
const banyan = path.join(unityFixture('NavMeshComponents'), 'Assets/Examples/Prefabs/BanyanTree.fbx')
const shipped = path.join(repoRoot, 'node_modules', 'fbx2gltf', 'bin', 'Linux', 'FBX2glTF')
let tmp: string
let sdk: Document
let slate: Document

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-fbx-sdk-'))
  // npm unpacks the binary without its execute bit: run a copy.
  const bin = path.join(tmp, 'FBX2glTF')
  fs.copyFileSync(shipped, bin)
  fs.chmodSync(bin, 0o755)
  execFileSync(bin, ['--binary', '-i', banyan, '-o', path.join(tmp, 'sdk')], { cwd: tmp, stdio: 'pipe' })
  sdk = await new NodeIO().read(path.join(tmp, 'sdk.glb'))
  slate = readBinaryFbx(fs.readFileSync(banyan)).document
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function trianglesByMaterial(doc: Document): Record<string, number> {
  const out: Record<string, number> = {}
  for (const mesh of doc.getRoot().listMeshes()) {
    for (const p of mesh.listPrimitives()) {
      const name = p.getMaterial()?.getName() ?? '(none)'
      out[name] = (out[name] ?? 0) + (p.getIndices()?.getCount() ?? p.getAttribute('POSITION')!.getCount()) / 3
    }
  }
  return out
}

describe('BanyanTree.fbx: SLATE against the FBX SDK', () => {
  it('the same triangles per material, and the same material names', () => {
    const expected = trianglesByMaterial(sdk)
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    expect(trianglesByMaterial(slate)).toEqual(expected)
  })

  it('the same mesh node names', () => {
    const named = (doc: Document) => doc.getRoot().listNodes().filter((n) => n.getMesh()).map((n) => n.getName()).sort()
    expect(named(slate)).toEqual(named(sdk))
  })

  it('the same shape: bounds equal up to one uniform (unit) scale', () => {
    const a = getBounds(slate.getRoot().listScenes()[0])
    const b = getBounds(sdk.getRoot().listScenes()[0])
    const ours = [...a.min, ...a.max]
    const theirs = [...b.min, ...b.max]
    const factors = ours.map((v, i) => theirs[i] / v).filter((f, i) => Math.abs(ours[i]) > 1e-3 && Number.isFinite(f))
    expect(factors.length).toBeGreaterThanOrEqual(5)
    for (const f of factors) expect(f / factors[0]).toBeCloseTo(1, 3)
    // centimetres → metres, or nothing: a unit conversion, not a distortion
    expect([0.01, 1].some((k) => Math.abs(factors[0] - k) / k < 1e-3)).toBe(true)
  })
})
