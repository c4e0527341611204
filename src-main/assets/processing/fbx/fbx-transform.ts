import type { mat4 } from '@gltf-transform/core'
import { child, type FbxNode, type FbxProperty } from './fbx-binary'

/**
 * FBX object properties (Properties70 in FBX 7, Properties60 in FBX 6, with the defaults of the
 * Definitions' PropertyTemplate behind them) and the FBX SDK's node transform, as glTF matrices
 * (column-major).
 */

export type Vec3 = [number, number, number]

export class FbxProps {
  constructor(
    private readonly own: Map<string, FbxProperty[]>,
    private readonly fallback: FbxProps | null = null,
  ) {}

  static of(node: FbxNode | undefined, fallback: FbxProps | null = null): FbxProps {
    const own = new Map<string, FbxProperty[]>()
    const p70 = child(node, 'Properties70')
    // P: name, type, label, flags, values… — Property: name, type, flags, values…
    const [list, first] = p70 ? [p70.children.filter((c) => c.name === 'P'), 4] : [child(node, 'Properties60')?.children.filter((c) => c.name === 'Property') ?? [], 3]
    for (const p of list) {
      if (typeof p.props[0] === 'string' && !own.has(p.props[0])) own.set(p.props[0], p.props.slice(first))
    }
    return new FbxProps(own, fallback)
  }

  get(name: string): FbxProperty[] | undefined {
    return this.own.get(name) ?? this.fallback?.get(name)
  }

  num(name: string, def: number): number {
    const v = this.get(name)?.[0]
    const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : NaN
    return Number.isFinite(n) ? n : def
  }

  vec3(name: string, def: Vec3): Vec3 {
    const v = this.get(name)
    if (!v || v.length < 3) return def
    const out = v.slice(0, 3).map((x) => (typeof x === 'number' ? x : NaN))
    return out.every(Number.isFinite) ? (out as Vec3) : def
  }
}

/** The PropertyTemplate of each object type ("Model", "Geometry", "Material"…) under Definitions. */
export function templates(definitions: FbxNode | undefined): Map<string, FbxProps> {
  const out = new Map<string, FbxProps>()
  for (const t of definitions?.children ?? []) {
    const kind = t.props[0]
    const template = child(t, 'PropertyTemplate')
    if (t.name === 'ObjectType' && typeof kind === 'string' && template && !out.has(kind)) out.set(kind, FbxProps.of(template))
  }
  return out
}

export const IDENTITY: mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]

export function multiply(a: mat4, b: mat4): mat4 {
  const o = new Array<number>(16).fill(0)
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) o[c * 4 + r] += a[k * 4 + r] * b[c * 4 + k]
  return o as unknown as mat4
}

const chain = (...ms: mat4[]): mat4 => ms.reduce(multiply, IDENTITY)
const translate = ([x, y, z]: Vec3): mat4 => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1]
const scale = ([x, y, z]: Vec3): mat4 => [x, 0, 0, 0, 0, y, 0, 0, 0, 0, z, 0, 0, 0, 0, 1]
const neg = ([x, y, z]: Vec3): Vec3 => [-x, -y, -z]

function axisRotation(axis: 'X' | 'Y' | 'Z', degrees: number): mat4 {
  const a = (degrees * Math.PI) / 180
  const c = Math.cos(a)
  const s = Math.sin(a)
  if (axis === 'X') return [1, 0, 0, 0, 0, c, s, 0, 0, -s, c, 0, 0, 0, 0, 1]
  if (axis === 'Y') return [c, 0, -s, 0, 0, 1, 0, 0, s, 0, c, 0, 0, 0, 0, 1]
  return [c, s, 0, 0, -s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
}

/** FBX's RotationOrder enum; 6 (SphericXYZ) is treated as XYZ, as Blender does. */
const ORDERS = ['XYZ', 'XZY', 'YZX', 'YXZ', 'ZXY', 'ZYX', 'XYZ'] as const

/** Euler angles in degrees; order "XYZ" rotates about X first, so the matrix is Rz·Ry·Rx. */
export function euler(deg: Vec3, order = 0): mat4 {
  const axes = ORDERS[Number.isInteger(order) && order >= 0 && order < ORDERS.length ? order : 0]
  const by = { X: deg[0], Y: deg[1], Z: deg[2] }
  return [...axes].reduce<mat4>((m, a) => multiply(axisRotation(a as 'X' | 'Y' | 'Z', by[a as 'X' | 'Y' | 'Z']), m), IDENTITY)
}

const transpose = (m: mat4): mat4 => [0, 1, 2, 3].flatMap((c) => [0, 1, 2, 3].map((r) => m[r * 4 + c])) as unknown as mat4

/**
 * The FBX SDK's local transform:
 *   T · Roff · Rp · Rpre · R · Rpost⁻¹ · Rp⁻¹ · Soff · Sp · S · Sp⁻¹
 * InheritType (the SDK's "RrSs"/"Rrs" scale inheritance) has no glTF counterpart and is ignored:
 * nearly every exporter writes the default RSrs, which is what a glTF hierarchy does.
 */
export function localMatrix(p: FbxProps): mat4 {
  const zero: Vec3 = [0, 0, 0]
  const rp = p.vec3('RotationPivot', zero)
  const sp = p.vec3('ScalingPivot', zero)
  return chain(
    translate(p.vec3('Lcl Translation', zero)),
    translate(p.vec3('RotationOffset', zero)),
    translate(rp),
    euler(p.vec3('PreRotation', zero)),
    euler(p.vec3('Lcl Rotation', zero), p.num('RotationOrder', 0)),
    transpose(euler(p.vec3('PostRotation', zero))),
    translate(neg(rp)),
    translate(p.vec3('ScalingOffset', zero)),
    translate(sp),
    scale(p.vec3('Lcl Scaling', [1, 1, 1])),
    translate(neg(sp)),
  )
}

/** The geometric transform (applies to the mesh only, not to children): T · R · S. */
export function geometricMatrix(p: FbxProps): mat4 | null {
  const t = p.vec3('GeometricTranslation', [0, 0, 0])
  const r = p.vec3('GeometricRotation', [0, 0, 0])
  const s = p.vec3('GeometricScaling', [1, 1, 1])
  if ([...t, ...r].every((x) => x === 0) && s.every((x) => x === 1)) return null
  return chain(translate(t), euler(r), scale(s))
}

/**
 * The file's axes (GlobalSettings UpAxis/FrontAxis/CoordAxis and their signs) mapped onto glTF's
 * (+Y up, +Z front, +X right), or null when they already agree or are not a valid set of three.
 */
export function axisConversion(settings: FbxProps): mat4 | null {
  const axis = (name: string, def: number): [number, number] => [settings.num(name, def), settings.num(`${name}Sign`, 1) < 0 ? -1 : 1]
  const rows = [axis('CoordAxis', 0), axis('UpAxis', 1), axis('FrontAxis', 2)]
  if (new Set(rows.map(([a]) => a)).size !== 3 || rows.some(([a]) => a !== 0 && a !== 1 && a !== 2)) return null
  const m = [...IDENTITY.map(() => 0)] as unknown as mat4
  rows.forEach(([a, sign], r) => (m[a * 4 + r] = sign))
  m[15] = 1
  return m.every((v, i) => v === IDENTITY[i]) ? null : m
}

/** A point through `m`. */
export function applyPoint(m: mat4, x: number, y: number, z: number): Vec3 {
  return [m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13], m[2] * x + m[6] * y + m[10] * z + m[14]]
}

/**
 * A normal through the geometric transform T·R·S: R · S⁻¹ · n, renormalised (no general inverse
 * is needed for this shape of matrix).
 */
export function normalTransform(p: FbxProps): (x: number, y: number, z: number) => Vec3 {
  const r = euler(p.vec3('GeometricRotation', [0, 0, 0]))
  const s = p.vec3('GeometricScaling', [1, 1, 1]).map((v) => (v === 0 ? 0 : 1 / v))
  return (x, y, z) => {
    const [a, b, c] = applyPoint(r, x * s[0], y * s[1], z * s[2])
    const len = Math.hypot(a, b, c) || 1
    return [a / len, b / len, c / len]
  }
}
