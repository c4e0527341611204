import type { SizeDelta, SizeDiff, SizeReport } from '../../../src-shared/types-buildsize'
import { assetKey, dominantType, folderOf, ZERO_GUID, type ProjectSizeContext } from './size-analysis'

/**
 * The difference between two builds: totals, then per output file, per source asset, per object
 * class and per folder, each sorted by the size of the change (|delta| descending, ties by path so
 * the order is stable for scripts). Entries that did not change are left out: a diff lists what
 * was added (before 0), removed (after 0), grew or shrank.
 */
export function diffReports(before: SizeReport, after: SizeReport, ctx?: ProjectSizeContext | null): SizeDiff {
  const files = new Map<string, { path: string; role: string } & SizeDelta>()
  for (const f of before.files) {
    const e = files.get(f.path) ?? { path: f.path, role: f.role, before: 0, after: 0, delta: 0 }
    e.before += f.size
    files.set(f.path, e)
  }
  for (const f of after.files) {
    const e = files.get(f.path) ?? { path: f.path, role: f.role, before: 0, after: 0, delta: 0 }
    e.after += f.size
    e.role = f.role || e.role
    files.set(f.path, e)
  }

  // Assets: one pass over each side's packed entries into a table indexed by asset (no object per
  // entry or per asset until the changed ones are listed): two 100k-asset builds in well under
  // the time a reader takes to parse them.
  const index = new Map<string, number>()
  const paths: string[] = []
  const guids: string[] = []
  const sides = [new Float64Array(1024), new Float64Array(1024)]
  const typeNames: string[][] = []
  const typeSizes: number[][] = []
  const grow = () => {
    for (let k = 0; k < 2; k++) {
      const bigger = new Float64Array(sides[k].length * 2)
      bigger.set(sides[k])
      sides[k] = bigger
    }
  }
  ;[before, after].forEach((r, side) => {
    for (const p of r.packed) {
      const key = assetKey(p.guid, p.path)
      let i = index.get(key)
      if (i === undefined) {
        i = paths.length
        index.set(key, i)
        paths.push(p.path)
        guids.push(p.guid)
        typeNames.push([p.type])
        typeSizes.push([0])
        if (i >= sides[0].length) grow()
      } else if (side === 1) paths[i] = p.path
      sides[side][i] += p.size
      // The type of the later build wins (an asset re-imported as another type shows as it is now).
      const names = typeNames[i]
      const t = names.indexOf(p.type)
      if (t >= 0) typeSizes[i][t] += p.size
      else {
        names.push(p.type)
        typeSizes[i].push(p.size)
      }
    }
  })
  const assets: ({ path: string; guid: string; type: string } & SizeDelta)[] = []
  for (let i = 0; i < paths.length; i++) {
    const b = sides[0][i]
    const a = sides[1][i]
    if (a === b) continue
    const found = ctx && guids[i] !== ZERO_GUID ? ctx.resolve(guids[i]) : null
    assets.push({ path: found?.path ?? paths[i], guid: guids[i], type: found?.type ?? dominantType(typeNames[i], typeSizes[i]), before: b, after: a, delta: 0 })
  }

  const types = new Map<string, { type: string } & SizeDelta>()
  for (const [r, side] of [
    [before, 'before'],
    [after, 'after'],
  ] as const) {
    for (const p of r.packed) {
      let e = types.get(p.type)
      if (!e) types.set(p.type, (e = { type: p.type, before: 0, after: 0, delta: 0 }))
      e[side] += p.size
    }
  }

  // Folders: each asset's own folder once, summed per folder, then up the ancestors once per folder.
  const own = new Map<string, { path: string } & SizeDelta>()
  for (let i = 0; i < paths.length; i++) {
    const f = folderOf(paths[i], guids[i])
    let e = own.get(f)
    if (!e) own.set(f, (e = { path: f, before: 0, after: 0, delta: 0 }))
    e.before += sides[0][i]
    e.after += sides[1][i]
  }
  const folders = new Map<string, { path: string } & SizeDelta>()
  for (const g of own.values()) {
    const add = (key: string) => {
      let e = folders.get(key)
      if (!e) folders.set(key, (e = { path: key, before: 0, after: 0, delta: 0 }))
      e.before += g.before
      e.after += g.after
    }
    add(g.path)
    if (g.path.startsWith('(')) continue
    let k = -1
    while ((k = g.path.indexOf('/', k + 1)) >= 0) add(g.path.slice(0, k))
  }

  return {
    total: { before: before.totalSize, after: after.totalSize, delta: after.totalSize - before.totalSize },
    files: changed([...files.values()], (f) => f.path),
    assets: changed(assets, (a) => a.path || a.guid),
    types: changed([...types.values()], (t) => t.type),
    folders: changed([...folders.values()], (f) => f.path),
  }
}

function changed<T extends SizeDelta>(rows: T[], name: (t: T) => string): T[] {
  const out: T[] = []
  for (const r of rows) {
    r.delta = r.after - r.before
    if (r.delta !== 0) out.push(r)
  }
  return out.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))
}

export function changeKind(d: SizeDelta): 'added' | 'removed' | 'grown' | 'shrunk' | 'unchanged' {
  if (d.before === 0 && d.after > 0) return 'added'
  if (d.after === 0 && d.before > 0) return 'removed'
  return d.delta > 0 ? 'grown' : d.delta < 0 ? 'shrunk' : 'unchanged'
}
