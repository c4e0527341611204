import type { SizeDelta, SizeDiff, SizeReport } from '../../../src-shared/types-buildsize'
import { aggregateAssets, folderGroups, type ProjectSizeContext } from './size-analysis'

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

  const assets = new Map<string, { path: string; guid: string; type: string } & SizeDelta>()
  for (const a of aggregateAssets(before.packed, ctx)) assets.set(a.key, { path: a.path, guid: a.guid, type: a.type, before: a.size, after: 0, delta: 0 })
  for (const a of aggregateAssets(after.packed, ctx)) {
    const e = assets.get(a.key)
    if (e) Object.assign(e, { path: a.path, type: a.type, after: a.size })
    else assets.set(a.key, { path: a.path, guid: a.guid, type: a.type, before: 0, after: a.size, delta: 0 })
  }

  const types = new Map<string, { type: string } & SizeDelta>()
  for (const [r, side] of [
    [before, 'before'],
    [after, 'after'],
  ] as const) {
    for (const p of r.packed) {
      const e = types.get(p.type) ?? { type: p.type, before: 0, after: 0, delta: 0 }
      e[side] += p.size
      types.set(p.type, e)
    }
  }

  const folders = new Map<string, { path: string } & SizeDelta>()
  for (const [list, side] of [
    [[...assets.values()].map((a) => ({ path: a.path, guid: a.guid, size: a.before })), 'before'],
    [[...assets.values()].map((a) => ({ path: a.path, guid: a.guid, size: a.after })), 'after'],
  ] as const) {
    for (const g of folderGroups(list.filter((a) => a.size > 0))) {
      const e = folders.get(g.key) ?? { path: g.key, before: 0, after: 0, delta: 0 }
      e[side] += g.size
      folders.set(g.key, e)
    }
  }

  return {
    total: { before: before.totalSize, after: after.totalSize, delta: after.totalSize - before.totalSize },
    files: changed([...files.values()], (f) => f.path),
    assets: changed([...assets.values()], (a) => a.path || a.guid),
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
