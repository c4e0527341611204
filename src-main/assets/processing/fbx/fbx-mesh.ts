import { AssetInputError } from '../types'
import { child, FbxArray, type FbxNode } from './fbx-binary'

/**
 * One FBX mesh (a Geometry node in FBX 7, the Model node itself in FBX 6) → triangles, one
 * vertex per used polygon corner (model.ts welds them afterwards), grouped by material slot.
 *
 * Indices come from the file, so each one is checked before it is used; a bad one is an
 * AssetInputError naming the mesh, never an out-of-bounds read that would silently give NaN.
 */

/** The triangles of one material slot (−1: none), with their own vertices. */
export interface MeshGroup {
  slot: number
  positions: Float32Array
  normals: Float32Array | null
  uvs: Float32Array | null
  indices: Uint32Array
}

export interface MeshData {
  name: string
  groups: MeshGroup[]
  notes: string[]
}

type Numbers = ArrayLike<number>

function bad(mesh: string, why: string): AssetInputError {
  return new AssetInputError(`mesh "${mesh}" in this FBX is damaged: ${why}`)
}

/**
 * The numbers of a data node: FBX 7 stores one array property, FBX 6.0 (BanyanTree.fbx) one
 * scalar property per number.
 */
export function numbersOf(node: FbxNode | undefined, mesh: string): Numbers | null {
  if (!node) return null
  const first = node.props[0]
  if (first instanceof FbxArray) {
    const v = first.values()
    if (v instanceof BigInt64Array) return Float64Array.from(v, Number)
    return v
  }
  const out = new Float64Array(node.props.length)
  for (let i = 0; i < node.props.length; i++) {
    const p = node.props[i]
    if (typeof p === 'number') out[i] = p
    else if (typeof p === 'bigint') out[i] = Number(p)
    else if (typeof p === 'boolean') out[i] = p ? 1 : 0
    else throw bad(mesh, `${node.name} (byte ${node.offset}) holds a ${typeof p} where numbers belong`)
  }
  return out
}

function stringOf(node: FbxNode | undefined): string {
  const p = node?.props[0]
  return typeof p === 'string' ? p : ''
}

/** How one layer element (normals, UVs, material slots) maps onto the polygons. */
interface Layer {
  direct: Numbers
  index: Numbers | null
  mapping: 'corner' | 'point' | 'polygon' | 'all'
  width: number
  what: string
}

/** An element SLATE cannot map is left out with a note rather than failing the whole model. */
function layer(geometry: FbxNode, element: string, data: string, indexName: string, width: number, mesh: string, notes: string[]): Layer | null {
  const el = child(geometry, element)
  if (!el) return null
  const direct = numbersOf(child(el, data), mesh)
  if (!direct) return null
  const m = stringOf(child(el, 'MappingInformationType'))
  const mapping = m === 'ByPolygonVertex' ? 'corner' : m === 'ByVertice' || m === 'ByVertex' || m === 'ByControlPoint' ? 'point' : m === 'ByPolygon' ? 'polygon' : m === 'AllSame' ? 'all' : null
  const ref = stringOf(child(el, 'ReferenceInformationType'))
  const indexed = ref === 'IndexToDirect' || ref === 'Index'
  if (!mapping || (!indexed && ref !== 'Direct' && ref !== '')) {
    notes.push(`mesh "${mesh}": its ${element} is mapped "${m}" / "${ref}", which SLATE does not know, so it was left out`)
    return null
  }
  const index = indexed ? numbersOf(child(el, indexName), mesh) : null
  if (indexed && !index) throw bad(mesh, `${element} says it is indexed but has no ${indexName}`)
  if (direct.length % width !== 0) throw bad(mesh, `${element}/${data} has ${direct.length} numbers, not a multiple of ${width}`)
  return { direct, index, mapping, width, what: `${element}/${data}` }
}

/** The element of `l` for one corner, or −1 for "none" (FBX writes −1 for unmapped UVs). */
function pick(l: Layer, corner: number, point: number, polygon: number, mesh: string): number {
  let i = l.mapping === 'corner' ? corner : l.mapping === 'point' ? point : l.mapping === 'polygon' ? polygon : 0
  if (l.index) {
    if (i >= l.index.length) throw bad(mesh, `${l.what} has ${l.index.length} indices but element ${i} is needed`)
    i = l.index[i]
    if (i === -1) return -1
  }
  if (!Number.isInteger(i) || i < 0 || i * l.width >= l.direct.length) throw bad(mesh, `${l.what} refers to element ${i} but holds only ${l.direct.length / l.width}`)
  return i
}

/**
 * Material slots per polygon (ByPolygon) or one for all (AllSame). The Materials array already
 * holds slot numbers whatever ReferenceInformationType says, so no index array is looked for.
 */
function materialLayer(geometry: FbxNode, mesh: string): Numbers | null {
  const el = child(geometry, 'LayerElementMaterial')
  const slots = numbersOf(child(el, 'Materials'), mesh)
  if (!el || !slots) return null
  return stringOf(child(el, 'MappingInformationType')) === 'ByPolygon' ? slots : Array.from({ length: Math.min(1, slots.length) }, () => slots[0])
}

function finite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false
  return true
}

export function readMesh(geometry: FbxNode, mesh: string, materialSlots: number): MeshData {
  const verts = numbersOf(child(geometry, 'Vertices'), mesh)
  const pvi = numbersOf(child(geometry, 'PolygonVertexIndex'), mesh)
  if (!verts || !pvi) throw bad(mesh, 'it has no Vertices or no PolygonVertexIndex')
  if (verts.length % 3 !== 0) throw bad(mesh, `Vertices has ${verts.length} numbers, not a multiple of 3`)
  const points = verts.length / 3
  const notes: string[] = []
  const normals = layer(geometry, 'LayerElementNormal', 'Normals', 'NormalsIndex', 3, mesh, notes)
  const uvs = layer(geometry, 'LayerElementUV', 'UV', 'UVIndex', 2, mesh, notes)
  const mats = materialLayer(geometry, mesh)
  // A slot the model has no material for gets none, so a hostile file cannot make more groups than materials.
  const slotOf = (polygon: number): number => {
    const s = !mats || mats.length === 0 ? 0 : mats[Math.min(polygon, mats.length - 1)]
    return Number.isInteger(s) && s >= 0 && s < materialSlots ? s : -1
  }

  // Pass 1: check every corner, count corners and triangles per slot (polygons of 3+ corners only).
  const count = new Map<number, { corners: number; triangles: number }>()
  let polygons = 0
  for (let start = 0, i = 0; i < pvi.length; i++) {
    const v = pvi[i]
    const p = v < 0 ? -v - 1 : v
    if (!Number.isInteger(p) || p >= points) throw bad(mesh, `polygon corner ${i} refers to vertex ${p}, but the mesh has only ${points} vertices`)
    if (!(v < 0 || i === pvi.length - 1)) continue
    const n = i - start + 1
    if (n >= 3) {
      const s = slotOf(polygons)
      const c = count.get(s) ?? { corners: 0, triangles: 0 }
      c.corners += n
      c.triangles += n - 2
      count.set(s, c)
    }
    polygons++
    start = i + 1
  }
  if (mats && mats.length > 1 && mats.length < polygons) notes.push(`mesh "${mesh}": fewer material slots than polygons; the last slot is used for the rest`)

  // Pass 2: corners → vertices of their slot's group, polygons → fans.
  const groups = new Map<number, MeshGroup & { out: number; fill: number }>()
  for (const [slot, c] of [...count].sort((a, b) => a[0] - b[0])) {
    groups.set(slot, {
      slot,
      positions: new Float32Array(c.corners * 3),
      normals: normals ? new Float32Array(c.corners * 3) : null,
      uvs: uvs ? new Float32Array(c.corners * 2) : null,
      indices: new Uint32Array(c.triangles * 3),
      out: 0,
      fill: 0,
    })
  }
  polygons = 0
  for (let start = 0, i = 0; i < pvi.length; i++) {
    if (!(pvi[i] < 0 || i === pvi.length - 1)) continue
    const n = i - start + 1
    const g = n >= 3 ? groups.get(slotOf(polygons))! : null
    for (let k = 0; g && k < n; k++) {
      const corner = start + k
      const v = pvi[corner]
      const p = v < 0 ? -v - 1 : v
      const o = g.out + k
      g.positions[o * 3] = verts[p * 3]
      g.positions[o * 3 + 1] = verts[p * 3 + 1]
      g.positions[o * 3 + 2] = verts[p * 3 + 2]
      if (g.normals && normals) {
        const e = pick(normals, corner, p, polygons, mesh)
        if (e >= 0) {
          g.normals[o * 3] = normals.direct[e * 3]
          g.normals[o * 3 + 1] = normals.direct[e * 3 + 1]
          g.normals[o * 3 + 2] = normals.direct[e * 3 + 2]
        }
      }
      if (g.uvs && uvs) {
        const e = pick(uvs, corner, p, polygons, mesh)
        // FBX's V runs up from the bottom of the image, glTF's runs down from the top.
        if (e >= 0) {
          g.uvs[o * 2] = uvs.direct[e * 2]
          g.uvs[o * 2 + 1] = 1 - uvs.direct[e * 2 + 1]
        }
      }
      if (k >= 2) {
        g.indices[g.fill++] = g.out
        g.indices[g.fill++] = o - 1
        g.indices[g.fill++] = o
      }
    }
    if (g) g.out += n
    polygons++
    start = i + 1
  }
  const out: MeshGroup[] = []
  for (const { slot, positions, normals: nor, uvs: uv, indices } of groups.values()) {
    if (!finite(positions)) throw bad(mesh, 'a vertex position is not a finite number (NaN or infinity)')
    if (nor && !finite(nor)) notes.push(`mesh "${mesh}": its normals include NaN or infinity, so they were left out`)
    if (uv && !finite(uv)) notes.push(`mesh "${mesh}": its UVs include NaN or infinity, so they were left out`)
    out.push({ slot, positions, indices, normals: nor && finite(nor) ? nor : null, uvs: uv && finite(uv) ? uv : null })
  }
  return { name: mesh, groups: out, notes: [...new Set(notes)] }
}
