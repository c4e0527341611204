import type { SizeAsset, SizeBreakdown, SizeGroup, SizePacked, SizeReport } from '../../../src-shared/types-buildsize'
import { BUILTIN_GUIDS } from '../../unity/asset-types'

/**
 * Where a build's bytes went: per output file, per source asset (its packed objects summed over
 * every file), per object class and per folder, biggest first; the same asset packed into several
 * files; and, with a project, what the build holds that no build scene or Resources folder
 * explains. Pure functions over the report model: the CLI, the API and the tests share them.
 */

export const ZERO_GUID = '00000000000000000000000000000000'

/** What a project can say about the assets of a build (./project-context.ts makes one). */
export interface ProjectSizeContext {
  /** The asset a GUID names today, with its type; null when the project has no such asset. */
  resolve(guid: string): { path: string; type: string } | null
  /** True when the asset is reached from an enabled build scene or a Resources folder. */
  explained(guid: string): boolean
}

/** The diff key of a packed entry: its GUID, or its path for objects without one. */
export function assetKey(guid: string, path: string): string {
  return guid && guid !== ZERO_GUID ? guid : `path:${path}`
}

/**
 * `X.resS` / `X.resource` hold the bulk data of the objects serialized in `X`: one asset in `X` and
 * `X.resS` is one placement, not a duplicate.
 */
export function placementOf(file: string): string {
  return file.replace(/\.(resS|resource)$/i, '')
}

export function folderOf(path: string, guid: string): string {
  if (BUILTIN_GUIDS[guid]) return '(built-in)'
  if (!path) return '(generated)'
  const i = path.lastIndexOf('/')
  return i > 0 ? path.slice(0, i) : '(root)'
}

function bySizeThen<T>(size: (t: T) => number, name: (t: T) => string) {
  return (a: T, b: T) => size(b) - size(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0)
}

/**
 * The type an asset is shown with when the project cannot say: the class holding most of its
 * bytes. Entries come per (file, class), so the class sums are kept in a short list per asset
 * (assets have one to three classes): cheaper than a Map per asset at 100k assets.
 */
export function dominantType(types: string[], sizes: number[]): string {
  let best = 0
  for (let i = 1; i < types.length; i++) if (sizes[i] > sizes[best] || (sizes[i] === sizes[best] && types[i] < types[best])) best = i
  return types[best] ?? 'Unknown'
}

function addTo(names: string[], sizes: number[], name: string, size: number): void {
  const i = names.indexOf(name)
  if (i >= 0) sizes[i] += size
  else {
    names.push(name)
    sizes.push(size)
  }
}

/** Sum the packed entries per source asset. */
export function aggregateAssets(packed: SizePacked[], ctx?: ProjectSizeContext | null): SizeAsset[] {
  const map = new Map<string, { a: SizeAsset; fileNames: string[]; fileSizes: number[]; typeNames: string[]; typeSizes: number[] }>()
  for (const p of packed) {
    const key = assetKey(p.guid, p.path)
    let e = map.get(key)
    if (!e) {
      e = { a: { key, path: p.path, guid: p.guid, type: '', size: 0, objects: 0, files: [], resolved: false }, fileNames: [], fileSizes: [], typeNames: [], typeSizes: [] }
      map.set(key, e)
    }
    e.a.size += p.size
    e.a.objects += p.objects
    addTo(e.fileNames, e.fileSizes, p.file, p.size)
    addTo(e.typeNames, e.typeSizes, p.type, p.size)
  }
  const out: SizeAsset[] = []
  for (const { a, fileNames, fileSizes, typeNames, typeSizes } of map.values()) {
    a.files = fileNames.map((file, i) => ({ file, size: fileSizes[i] }))
    if (a.files.length > 1) a.files.sort(bySizeThen((f) => f.size, (f) => f.file))
    const found = ctx && a.guid !== ZERO_GUID ? ctx.resolve(a.guid) : null
    if (found) {
      a.path = found.path
      a.type = found.type
      a.resolved = true
    } else a.type = dominantType(typeNames, typeSizes)
    out.push(a)
  }
  return out.sort(bySizeThen((a) => a.size, (a) => a.path))
}

function groups(entries: Iterable<[string, number, number]>): SizeGroup[] {
  const m = new Map<string, SizeGroup>()
  for (const [key, size, count] of entries) {
    const g = m.get(key)
    if (g) {
      g.size += size
      g.count += count
    } else m.set(key, { key, size, count })
  }
  return [...m.values()].sort(bySizeThen((g) => g.size, (g) => g.key))
}

/**
 * Every folder with the size of the assets below it, ancestors included (drill down by prefix).
 * Summed per immediate folder first, then up the ancestors once per distinct folder: a few
 * thousand folders, not one string slice per asset and level.
 */
export function folderGroups(assets: { path: string; guid: string; size: number }[]): SizeGroup[] {
  const own = new Map<string, SizeGroup>()
  for (const a of assets) {
    const f = folderOf(a.path, a.guid)
    const g = own.get(f)
    if (g) {
      g.size += a.size
      g.count++
    } else own.set(f, { key: f, size: a.size, count: 1 })
  }
  const all = new Map<string, SizeGroup>()
  for (const g of own.values()) {
    const add = (key: string) => {
      const e = all.get(key)
      if (e) {
        e.size += g.size
        e.count += g.count
      } else all.set(key, { key, size: g.size, count: g.count })
    }
    add(g.key)
    if (g.key.startsWith('(')) continue
    let i = -1
    while ((i = g.key.indexOf('/', i + 1)) >= 0) add(g.key.slice(0, i))
  }
  return [...all.values()].sort(bySizeThen((g) => g.size, (g) => g.key))
}

export function sizeBreakdown(r: SizeReport, ctx?: ProjectSizeContext | null): SizeBreakdown {
  const assets = aggregateAssets(r.packed, ctx)
  const packedSize = assets.reduce((s, a) => s + a.size, 0)
  const duplicates: SizeBreakdown['duplicates'] = []
  for (const a of assets) {
    if (a.guid === ZERO_GUID || BUILTIN_GUIDS[a.guid] || a.files.length < 2) continue
    const places = new Map<string, number>()
    for (const f of a.files) places.set(placementOf(f.file), (places.get(placementOf(f.file)) ?? 0) + f.size)
    if (places.size < 2) continue
    const shares = [...places].map(([file, size]) => ({ file, size })).sort(bySizeThen((f) => f.size, (f) => f.file))
    duplicates.push({ key: a.key, path: a.path, guid: a.guid, files: shares, size: a.size, extra: a.size - shares[0].size })
  }
  duplicates.sort(bySizeThen((d) => d.extra, (d) => d.path))
  let unexplained: SizeBreakdown['unexplained'] = null
  if (ctx && r.kind === 'player') {
    unexplained = assets
      .filter((a) => a.resolved && !BUILTIN_GUIDS[a.guid] && !ctx.explained(a.guid))
      .map((a) => ({ path: a.path, guid: a.guid, size: a.size }))
  }
  return {
    totalSize: r.totalSize,
    packedSize,
    files: [...r.files].sort(bySizeThen((f) => f.size, (f) => f.path)),
    assets,
    types: groups(r.packed.map((p) => [p.type, p.size, p.objects] as [string, number, number])),
    folders: folderGroups(assets),
    duplicates,
    unexplained,
  }
}
