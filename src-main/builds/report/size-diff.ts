import type { SizeDelta, SizeDiff, SizeReport } from '../../../src-shared/types-buildsize'
import { folderOf, ZERO_GUID, type ProjectSizeContext } from './size-analysis'

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
  // The type shown: the class of the asset's largest packed entry in the later build (earlier
  // when it is gone). Tracked in flat arrays: no array per asset at 100k assets.
  const types: string[] = []
  let sides = [new Float64Array(1024), new Float64Array(1024)]
  let typeMax = new Float64Array(1024)
  const grow = () => {
    const bigger = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2)
      b.set(a)
      return b
    }
    sides = [bigger(sides[0]), bigger(sides[1])]
    typeMax = bigger(typeMax)
  }
  for (let side = 0; side < 2; side++) {
    const packed = (side === 0 ? before : after).packed
    const sizes = () => sides[side]
    let lastGuid = ''
    let last = -1
    for (let k = 0; k < packed.length; k++) {
      const p = packed[k]
      // An asset's entries (one per class) come one after another: skip the lookup for those.
      let i: number | undefined
      if (p.guid === lastGuid && p.guid !== ZERO_GUID) i = last
      else i = index.get(p.guid && p.guid !== ZERO_GUID ? p.guid : `path:${p.path}`)
      const key = i === undefined ? (p.guid && p.guid !== ZERO_GUID ? p.guid : `path:${p.path}`) : ''
      if (i === undefined) {
        i = paths.length
        index.set(key, i)
        paths.push(p.path)
        guids.push(p.guid)
        types.push(p.type)
        if (i >= typeMax.length) grow()
      } else if (side === 1 && sides[1][i] === 0) {
        // First entry of the later build: its path and type win from here on.
        paths[i] = p.path
        typeMax[i] = 0
      }
      lastGuid = p.guid
      last = i
      sizes()[i] += p.size
      if (p.size > typeMax[i]) {
        typeMax[i] = p.size
        types[i] = p.type
      }
    }
  }
  const assets: ({ path: string; guid: string; type: string } & SizeDelta)[] = []
  for (let i = 0; i < paths.length; i++) {
    const b = sides[0][i]
    const a = sides[1][i]
    if (a === b) continue
    const found = ctx && guids[i] !== ZERO_GUID ? ctx.resolve(guids[i]) : null
    assets.push({ path: found?.path ?? paths[i], guid: guids[i], type: found?.type ?? types[i], before: b, after: a, delta: 0 })
  }

  const byType = new Map<string, { type: string } & SizeDelta>()
  for (const [r, side] of [
    [before, 'before'],
    [after, 'after'],
  ] as const) {
    for (const p of r.packed) {
      let e = byType.get(p.type)
      if (!e) byType.set(p.type, (e = { type: p.type, before: 0, after: 0, delta: 0 }))
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
    types: changed([...byType.values()], (t) => t.type),
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
