import { Document, type Buffer as GltfBuffer, type Material, type mat4, type Mesh, type Node, Primitive, type Scene } from '@gltf-transform/core'
import { AssetInputError } from '../types'
import { child, type FbxNode, parseBinaryFbx } from './fbx-binary'
import { type MeshData, readMesh } from './fbx-mesh'
import { applyPoint, axisConversion, IDENTITY, FbxProps, geometricMatrix, localMatrix, normalTransform, templates } from './fbx-transform'

/**
 * A binary FBX scene → a glTF-Transform Document: the Model hierarchy as nodes (with the FBX
 * SDK's full local transform), each mesh Model's geometry triangulated into one primitive per
 * material slot, materials as plain PBR materials with the diffuse colour. Cameras, lights,
 * skins, animation and textures are left out.
 *
 * Both layouts are read: FBX 7 (objects keyed by a 64-bit id, Geometry objects connected to Models
 * with `C "OO"`) and FBX 6 (objects keyed by their "Name\0\1Class" string, geometry inside the
 * Model itself, `Connect "OO"`).
 *
 * Units and axes: positions stay in the file's units (FBX's are centimetres times UnitScaleFactor;
 * Unity applies that as its "file scale", assimp and the OBJ/DAE paths do not, and `--scale` is
 * there for it), only reported in a note. When GlobalSettings declares axes other than glTF's
 * (+Y up, e.g. 3ds Max's Z-up), a "RootNode" carries the rotation onto glTF's axes, so mesh data
 * stays exactly as authored.
 */

/** Deeper Model hierarchies than this are refused (glTF tools walk the tree recursively). */
const MAX_HIERARCHY_DEPTH = 256

export interface FbxReadResult {
  document: Document
  notes: string[]
}

interface FbxObject {
  key: string
  kind: string
  name: string
  subclass: string
  node: FbxNode
}

/** "Name\0\1Model" (binary) or "Model::Name" (FBX 6 ASCII style) → "Name". */
function displayName(raw: string): string {
  const cut = raw.indexOf('\0\x01')
  if (cut >= 0) return raw.slice(0, cut)
  return raw.replace(/^(Model|Geometry|Material)::/, '')
}

function objectOf(node: FbxNode): FbxObject | null {
  const [a, b, c] = node.props
  if (typeof a === 'bigint' && typeof b === 'string') return { key: a.toString(), kind: node.name, name: displayName(b), subclass: typeof c === 'string' ? c : '', node }
  if (typeof a === 'string') return { key: a, kind: node.name, name: displayName(a), subclass: typeof b === 'string' ? b : '', node }
  return null
}

const keyOf = (p: unknown): string | null => (typeof p === 'bigint' || typeof p === 'string' ? String(p) : typeof p === 'number' ? String(p) : null)

export function readBinaryFbx(bytes: Uint8Array): FbxReadResult {
  const file = parseBinaryFbx(bytes)
  const top = (name: string) => file.nodes.find((n) => n.name === name)
  const objectsNode = top('Objects')
  if (!objectsNode) throw new AssetInputError('this binary FBX has no Objects section, so it holds no models')
  const notes: string[] = []
  const tpl = templates(top('Definitions'))

  const objects = new Map<string, FbxObject>()
  for (const n of objectsNode.children) {
    const o = objectOf(n)
    if (o && !objects.has(o.key)) objects.set(o.key, o)
  }
  // Object → object links in file order: children of each parent, and each child's first parent.
  const childrenOf = new Map<string, FbxObject[]>()
  const parentOf = new Map<string, string>()
  for (const c of top('Connections')?.children ?? []) {
    if ((c.name !== 'C' && c.name !== 'Connect') || c.props[0] !== 'OO') continue
    const from = keyOf(c.props[1])
    const to = keyOf(c.props[2])
    const o = from === null ? undefined : objects.get(from)
    if (!o || to === null) continue
    const list = childrenOf.get(to)
    if (list) list.push(o)
    else childrenOf.set(to, [o])
    if (!parentOf.has(o.key)) parentOf.set(o.key, to)
  }

  const settings = FbxProps.of(top('GlobalSettings') ?? child(objectsNode, 'GlobalSettings'))
  const unit = settings.num('UnitScaleFactor', NaN)
  const units = Number.isNaN(unit) ? 'no unit declared, FBX assumes 1 unit = 1 cm' : `1 unit = ${unit} cm`
  notes.push(`binary FBX ${file.version / 1000} read by SLATE's own FBX reader; positions kept in the file's units (${units}); --scale converts them`)

  const doc = new Document()
  const buffer = doc.createBuffer()
  const scene = doc.createScene('Scene')
  const axes = axisConversion(settings)
  let parentNode: Node | Scene = scene
  if (axes) {
    const root = doc.createNode('RootNode').setMatrix(axes)
    scene.addChild(root)
    parentNode = root
    notes.push('the FBX axes were rotated onto glTF\'s (+Y up) by the root node')
  }

  const materials = new Map<string, Material>()
  const materialOf = (o: FbxObject): Material => {
    let m = materials.get(o.key)
    if (!m) {
      const p = FbxProps.of(o.node, tpl.get('Material') ?? null)
      const [r, g, b] = p.get('DiffuseColor') ? p.vec3('DiffuseColor', [0.8, 0.8, 0.8]) : p.vec3('Diffuse', [0.8, 0.8, 0.8])
      const f = p.num('DiffuseFactor', 1)
      const clamp = (v: number) => Math.min(1, Math.max(0, v * f))
      m = doc.createMaterial(o.name).setBaseColorFactor([clamp(r), clamp(g), clamp(b), 1]).setMetallicFactor(0).setRoughnessFactor(1)
      materials.set(o.key, m)
    }
    return m
  }

  // The meshes built from the arrays count too: one geometry shared by many Models with their own
  // materials or geometric transforms is rebuilt per Model, so a tiny file could otherwise expand
  // its (budgeted) arrays hundreds of times over.
  const builtCap = Math.min(1 << 30, Math.max(64 << 20, bytes.length * 64))
  let built = 0
  const meshes = new Map<string, Mesh | null>()
  const meshOf = (model: FbxObject, props: FbxProps): Mesh | null => {
    const geometry = model.node.children.some((c) => c.name === 'Vertices') ? model : childrenOf.get(model.key)?.find((o) => o.kind === 'Geometry' && o.subclass === 'Mesh')
    if (!geometry) return null
    const slots = (childrenOf.get(model.key) ?? []).filter((o) => o.kind === 'Material')
    const g = geometricMatrix(props)
    // A Geometry shared by several Models is one glTF mesh, unless a Model moves its geometry.
    const cacheKey = `${geometry.key}\n${g ? model.key : ''}\n${slots.map((s) => s.key).join(',')}`
    if (meshes.has(cacheKey)) return meshes.get(cacheKey)!
    // Named like Unity names it: after the Model (Maya's "pCube1", not its shape "pCubeShape1").
    const data = readMesh(geometry.node, model.name || geometry.name, slots.length)
    for (const gr of data.groups) built += gr.positions.byteLength + (gr.normals?.byteLength ?? 0) + (gr.uvs?.byteLength ?? 0) + gr.indices.byteLength
    if (built > builtCap) throw new AssetInputError(`this FBX builds more than ${builtCap >> 20} MiB of meshes from a ${Math.ceil(bytes.length / 1024)} KiB file (one geometry reused by many models): more than a real model of this size holds`)
    notes.push(...data.notes)
    let mesh: Mesh | null = null
    if (data.groups.length === 0) {
      notes.push(`mesh "${data.name}" has no polygon with three or more corners, so it was left out`)
    } else {
      if (g) bake(data, g, normalTransform(props))
      mesh = toMesh(doc, buffer, data, slots.map(materialOf))
    }
    meshes.set(cacheKey, mesh)
    return mesh
  }

  const models = [...objects.values()].filter((o) => o.kind === 'Model')
  const modelKeys = new Set(models.map((m) => m.key))
  // A Model is in the scene when it is connected to something; its parent is a Model or the root.
  const roots = models.filter((m) => parentOf.has(m.key) && !modelKeys.has(parentOf.get(m.key)!))
  const placed = new Set<string>()
  const stack: Array<{ model: FbxObject; parent: Node | Scene; depth: number }> = roots.map((model) => ({ model, parent: parentNode, depth: 0 })).reverse()
  while (stack.length) {
    const { model, parent, depth } = stack.pop()!
    if (placed.has(model.key)) continue
    if (depth >= MAX_HIERARCHY_DEPTH) throw new AssetInputError(`this binary FBX nests its models more than ${MAX_HIERARCHY_DEPTH} deep (at "${model.name}"); SLATE refuses it rather than risk a runaway`)
    placed.add(model.key)
    const props = FbxProps.of(model.node, tpl.get('Model') ?? null)
    const node = doc.createNode(model.name).setMatrix(localMatrix(props))
    // A zero or overflowing scale cannot be split into glTF's translation/rotation/scale.
    if (![...node.getTranslation(), ...node.getRotation(), ...node.getScale()].every(Number.isFinite)) {
      node.setMatrix(IDENTITY)
      notes.push(`model "${model.name}" has a transform glTF cannot express (zero or infinite scale); it was reset`)
    }
    const mesh = meshOf(model, props)
    if (mesh) node.setMesh(mesh)
    parent.addChild(node)
    const kids = (childrenOf.get(model.key) ?? []).filter((o) => o.kind === 'Model' && parentOf.get(o.key) === model.key)
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ model: kids[i], parent: node, depth: depth + 1 })
  }
  const lost = models.filter((m) => parentOf.has(m.key) && !placed.has(m.key)).length
  if (lost) notes.push(`${lost} model(s) were left out: their parents form a loop and never reach the scene root`)
  if (![...meshes.values()].some(Boolean)) throw new AssetInputError('this binary FBX has no mesh in its scene (only cameras, lights, bones or empty models)')
  return { document: doc, notes: [...new Set(notes)] }
}

function bake(data: MeshData, g: mat4, n: ReturnType<typeof normalTransform>): void {
  for (const group of data.groups) {
    const p = group.positions
    for (let i = 0; i < p.length; i += 3) p.set(applyPoint(g, p[i], p[i + 1], p[i + 2]), i)
    if (!p.every(Number.isFinite)) throw new AssetInputError(`mesh "${data.name}" in this FBX is damaged: its geometric transform moves vertices to infinity`)
    const q = group.normals
    for (let i = 0; q && i < q.length; i += 3) q.set(n(q[i], q[i + 1], q[i + 2]), i)
  }
}

function toMesh(doc: Document, buffer: GltfBuffer, data: MeshData, materials: Material[]): Mesh {
  const mesh = doc.createMesh(data.name)
  const accessor = (array: Float32Array | Uint32Array | Uint16Array, type: 'SCALAR' | 'VEC2' | 'VEC3') => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer)
  for (const g of data.groups) {
    const vertices = g.positions.length / 3
    const prim = doc.createPrimitive().setMode(Primitive.Mode.TRIANGLES)
    prim.setAttribute('POSITION', accessor(g.positions, 'VEC3'))
    if (g.normals) prim.setAttribute('NORMAL', accessor(g.normals, 'VEC3'))
    if (g.uvs) prim.setAttribute('TEXCOORD_0', accessor(g.uvs, 'VEC2'))
    prim.setIndices(accessor(vertices <= 0xffff ? Uint16Array.from(g.indices) : g.indices, 'SCALAR'))
    if (g.slot >= 0 && materials[g.slot]) prim.setMaterial(materials[g.slot])
    mesh.addPrimitive(prim)
  }
  return mesh
}
