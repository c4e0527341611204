import fs from 'node:fs/promises'
import type { AssetFolder, AssetListItem, AssetListResult } from '../../src-shared/types-ui'
import type { UnityAsset } from '../../src-shared/types-unity'
import type { UnityProject } from '../unity/unity-project'
import { parseAssetQuery, typeMatches } from './asset-query'

/** Code is used by other code, which no asset reference shows: never call it unused. */
const NEVER_UNUSED = new Set(['Folder', 'Missing', 'Script', 'AssemblyDefinition', 'AssemblyDefinitionReference', 'ShaderInclude', 'Plugin'])
/** Folders whose assets Unity (or code) loads without a reference: never "unused". */
const LOADED_BY_NAME = /(^|\/)(Resources|StreamingAssets|Editor Default Resources|Gizmos|Plugins)\//

interface Entry {
  asset: UnityAsset
  lowerPath: string
  lowerName: string
  parent: string
}

/**
 * The asset browser's view of the index: every asset as a sorted array (folders first, then by
 * name) with lower-cased names ready for search, per-folder counts for the tree, and the problem
 * and "unused" flags. Built once per index generation (the watcher bumps it), so a search over
 * 100,000 assets is one linear pass with no allocation per asset that does not match.
 */
const RECENT = 16

export class AssetCatalog {
  private entries: Entry[] = []
  /** The project's one problem set (project-figures.ts), as of this catalog's index generation. */
  private problems = new Map<string, string[]>()
  private folders: AssetFolder[] = []
  private labels: Map<string, string[]> | null = null
  /** The last few answers (a reload asks for the same first page again); a new catalog starts empty. */
  private recent = new Map<string, AssetListResult>()

  constructor(private readonly project: UnityProject) {
    this.build()
  }

  private build(): void {
    const idx = this.project.index
    const out: Entry[] = []
    for (const p of idx.allAssetPaths()) {
      const a = idx.asset(p)
      if (!a) continue
      const pkg = this.project.externalOf(p)
      if (pkg) a.package = pkg.name
      const slash = p.lastIndexOf('/')
      out.push({ asset: a, lowerPath: p.toLowerCase(), lowerName: p.slice(slash + 1).toLowerCase(), parent: slash < 0 ? '' : p.slice(0, slash) })
    }
    // Orphan .meta files have no asset: list them so the problems filter can show them.
    const problems = this.project.problems().byAsset
    for (const d of this.project.diagnostics()) {
      const assetPath = d.path.endsWith('.meta') ? d.path.slice(0, -5) : d.path
      if (d.kind === 'orphan-meta' && !idx.hasAsset(assetPath)) {
        const slash = assetPath.lastIndexOf('/')
        out.push({
          asset: { path: assetPath, guid: idx.metaOf(assetPath)?.guids[0] ?? null, type: 'Missing', size: 0, importer: null, storage: 'empty', mainClass: null },
          lowerPath: assetPath.toLowerCase(),
          lowerName: assetPath.slice(slash + 1).toLowerCase(),
          parent: slash < 0 ? '' : assetPath.slice(0, slash),
        })
      }
    }
    // Grouped by parent folder, folders first, then by name: a consistent total order, so a
    // folder's children are one contiguous run.
    const key = (e: Entry) => `${e.parent.toLowerCase()}\u0000${e.asset.type === 'Folder' ? 0 : 1}${e.lowerName}`
    const keyed = out.map((e) => [key(e), e] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    out.length = 0
    for (const [, e] of keyed) out.push(e)
    this.entries = out
    this.problems = problems
    const counts = new Map<string, number>()
    for (const e of out) if (e.asset.type !== 'Folder') for (let p = e.parent; p; p = p.slice(0, Math.max(0, p.lastIndexOf('/')))) counts.set(p, (counts.get(p) ?? 0) + 1)
    // Every folder, including the roots (Assets, Packages/<embedded>) the index does not list as assets.
    const folderPaths = new Set(out.filter((e) => e.asset.type === 'Folder').map((e) => e.asset.path))
    for (const p of [...folderPaths, ...counts.keys()]) for (let q = p; q; q = q.slice(0, Math.max(0, q.lastIndexOf('/')))) folderPaths.add(q)
    this.folders = [...folderPaths]
      .sort()
      .map((p) => ({
        path: p,
        name: p.slice(p.lastIndexOf('/') + 1),
        parent: p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '',
        assets: counts.get(p) ?? 0,
        ...(this.project.externalOf(p) ? { readOnly: true } : {}),
      }))
  }

  tree(): AssetFolder[] {
    return this.folders
  }

  private isUnused(a: UnityAsset): boolean {
    if (!a.guid || NEVER_UNUSED.has(a.type)) return false
    if (LOADED_BY_NAME.test(`${a.path}`) || a.path.startsWith('Packages/')) return false
    if (this.project.scenesInBuild.some((s) => s.path === a.path || s.guid === a.guid)) return false
    return this.project.index.usedByCount(a.guid) === 0
  }

  /** Labels live in each .meta (`labels:` list); read on the first `l:` search only. */
  private async labelMap(): Promise<Map<string, string[]>> {
    if (this.labels) return this.labels
    const map = new Map<string, string[]>()
    const metas = [...this.project.index.metas.keys()]
    for (let i = 0; i < metas.length; i += 64) {
      await Promise.all(
        metas.slice(i, i + 64).map(async (m) => {
          const text = await fs.readFile(this.project.abs(m), 'utf8').catch(() => '')
          const block = /^labels:\r?\n((?:- .*\r?\n?)+)/m.exec(text)
          if (block) map.set(m.slice(0, -5), block[1].split(/\r?\n/).map((l) => l.replace(/^- /, '').trim().toLowerCase()).filter(Boolean))
        }),
      )
    }
    this.labels = map
    return map
  }

  async search(opts: { query: string; folder: string | null; offset: number; limit: number }): Promise<AssetListResult> {
    const t0 = performance.now()
    const cacheKey = JSON.stringify([opts.query, opts.folder ?? null, opts.offset, opts.limit])
    const hit = this.recent.get(cacheKey)
    if (hit) {
      this.recent.delete(cacheKey)
      this.recent.set(cacheKey, hit)
      return { ...hit, ms: Math.round((performance.now() - t0) * 10) / 10 }
    }
    const result = await this.run(opts, t0)
    // "Unused" reads the build scenes live: not kept.
    if (parseAssetQuery(opts.query).unused) return result
    this.recent.set(cacheKey, result)
    if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value!)
    return result
  }

  private async run(opts: { query: string; folder: string | null; offset: number; limit: number }, t0: number): Promise<AssetListResult> {
    const q = parseAssetQuery(opts.query)
    const filtering = q.types.length + q.labels.length + q.refs.length + q.words.length > 0 || q.problems || q.unused
    const labels = q.labels.length ? await this.labelMap() : null
    let users: Set<string> | null = null
    for (const r of q.refs) {
      const guid = /^[0-9a-f]{32}$/i.test(r) ? r.toLowerCase() : (this.project.index.metaOf(r.replace(/\/+$/, ''))?.guids[0] ?? '')
      const set = new Set<string>(this.project.index.usedBy(guid).map((u) => u.path ?? ''))
      const prev: Set<string> | null = users
      users = prev ? new Set<string>([...prev].filter((p: string) => set.has(p))) : set
    }
    const folder = opts.folder ?? null
    const prefix = folder ? `${folder}/` : ''
    const items: AssetListItem[] = []
    let total = 0
    for (const e of this.entries) {
      const a = e.asset
      // No query: the folder's own children, like Unity's Project window. A query searches below it.
      if (!filtering) {
        if (folder === null ? e.parent !== '' : e.parent !== folder) continue
      } else if (prefix && !e.lowerPath.startsWith(prefix.toLowerCase())) continue
      if (q.words.length && !q.words.every((w) => (w.includes('/') ? e.lowerPath : e.lowerName).includes(w))) continue
      if (!typeMatches(q.types, a.type, a.mainClass)) continue
      if (users && !users.has(a.path)) continue
      if (labels && !q.labels.every((l) => labels.get(a.path)?.includes(l))) continue
      if (q.problems && !this.problems.has(a.path)) continue
      if (q.unused && !this.isUnused(a)) continue
      if (total >= opts.offset && items.length < opts.limit) items.push({ ...a, problems: this.problems.get(a.path) ?? [] })
      total++
    }
    return { total, items, offset: opts.offset, ms: Math.round((performance.now() - t0) * 10) / 10 }
  }
}
