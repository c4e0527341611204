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

/** Sum the packed entries per source asset. */
export function aggregateAssets(packed: SizePacked[], ctx?: ProjectSizeContext | null): SizeAsset[] {
  const map = new Map<string, { a: SizeAsset; byFile: Map<string, number>; byType: Map<string, number> }>()
  for (const p of packed) {
    const key = assetKey(p.guid, p.path)
    let e = map.get(key)
    if (!e) {
      e = { a: { key, path: p.path, guid: p.guid, type: '', size: 0, objects: 0, files: [], resolved: false }, byFile: new Map(), byType: new Map() }
      map.set(key, e)
    }
    e.a.size += p.size
    e.a.objects += p.objects
    e.byFile.set(p.file, (e.byFile.get(p.file) ?? 0) + p.size)
    e.byType.set(p.type, (e.byType.get(p.type) ?? 0) + p.size)
  }
  const out: SizeAsset[] = []
  for (const { a, byFile, byType } of map.values()) {
    a.files = [...byFile].map(([file, size]) => ({ file, size })).sort(bySizeThen((f) => f.size, (f) => f.file))
    const found = ctx && a.guid !== ZERO_GUID ? ctx.resolve(a.guid) : null
    if (found) {
      a.path = found.path
      a.type = found.type
      a.resolved = true
    } else {
      a.type = [...byType].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0] ?? 'Unknown'
    }
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

/** Every folder with the size of the assets below it, ancestors included (drill down by prefix). */
export function folderGroups(assets: { path: string; guid: string; size: number }[]): SizeGroup[] {
  function* entries(): Generator<[string, number, number]> {
    for (const a of assets) {
      const f = folderOf(a.path, a.guid)
      if (f.startsWith('(')) {
        yield [f, a.size, 1]
        continue
      }
      let i = -1
      while ((i = f.indexOf('/', i + 1)) >= 0) yield [f.slice(0, i), a.size, 1]
      yield [f, a.size, 1]
    }
  }
  return groups(entries())
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
