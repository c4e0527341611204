import type { AssetRef, UnityAsset } from '../../../src-shared/types-unity'
import { assetType, BUILTIN_GUIDS, className } from '../asset-types'
import type { FileFacts, MetaFacts, Stat } from './file-facts'

/**
 * The in-memory asset index and reference graph. Everything is keyed by project-relative path and
 * updated one file at a time (setFile/removeFile/…), which is what makes watcher updates cheap: an
 * edit touches only that file's edges, never a rescan.
 *
 * Edges are stored twice: forward in each FileFacts.refs, reverse in `usedByIndex` (guid →
 * referrer → count), so both directions are map lookups.
 */
export class ProjectIndex {
  readonly files = new Map<string, FileFacts>()
  readonly dirs = new Map<string, Stat>()
  readonly metas = new Map<string, MetaFacts>()
  /**
   * The same .meta records by their asset's path. metaOf is asked for every asset by the summary
   * and diagnostics; looking up `${asset}.meta` built a new string and hashed it each time, which
   * made it the summary's biggest cost. The asset path here is keyed once, when the .meta is set.
   */
  private readonly metaByAsset = new Map<string, MetaFacts>()
  /**
   * guid → the .meta path declaring it, or all of them in order when several do (a duplicate).
   * A bare string for the usual single owner: a Set per GUID was the biggest cost of merging a
   * 100k-asset index.
   */
  private readonly guidOwners = new Map<string, string | string[]>()
  /**
   * guid → referrer → count. Built on the first used-by query rather than during the index: a
   * one-shot `slate index` never needs it, and on 100k assets it is a large share of the
   * allocations. Once built it is kept current by setFile/removeFile.
   */
  private usedByIndex: Map<string, Map<string, number>> | null = null
  /**
   * lower-cased .meta path → .meta paths: finds `AIcontroller.cs.meta` for `AiController.cs`.
   * Built on the first lookup that needs it (an asset without its exact .meta), then kept current:
   * most projects never need it, and lower-casing 100k paths is not free.
   */
  private metasLower: Map<string, string | string[]> | null = null

  private link(f: FileFacts, reverse: Map<string, Map<string, number>>): void {
    for (let i = 0; i < f.refs.length; i++) {
      let m = reverse.get(f.refs[i])
      if (!m) reverse.set(f.refs[i], (m = new Map()))
      m.set(f.path, f.counts[i])
    }
  }

  private reverse(): Map<string, Map<string, number>> {
    if (!this.usedByIndex) {
      const reverse = new Map<string, Map<string, number>>()
      for (const f of this.files.values()) this.link(f, reverse)
      this.usedByIndex = reverse
    }
    return this.usedByIndex
  }

  /** Bumped by every change: lets queries cache derived data (sorted paths, diagnostics). */
  version = 0

  setFile(f: FileFacts): void {
    this.version++
    if (this.usedByIndex) this.removeFile(f.path)
    this.files.set(f.path, f)
    if (this.usedByIndex) this.link(f, this.usedByIndex)
  }

  removeFile(rel: string): boolean {
    const old = this.files.get(rel)
    if (!old) return false
    this.version++
    if (this.usedByIndex) {
      for (const guid of old.refs) {
        const m = this.usedByIndex.get(guid)
        if (!m) continue
        m.delete(rel)
        if (m.size === 0) this.usedByIndex.delete(guid)
      }
    }
    this.files.delete(rel)
    return true
  }

  setMeta(m: MetaFacts): void {
    this.version++
    this.removeMeta(m.path)
    this.metas.set(m.path, m)
    if (m.path.endsWith('.meta')) this.metaByAsset.set(m.path.slice(0, -5), m)
    for (const g of m.guids) addTo(this.guidOwners, g, m.path)
    if (this.metasLower) addTo(this.metasLower, m.path.toLowerCase(), m.path)
  }

  removeMeta(rel: string): boolean {
    const old = this.metas.get(rel)
    if (!old) return false
    this.version++
    for (const g of old.guids) deleteFrom(this.guidOwners, g, rel)
    if (this.metasLower) deleteFrom(this.metasLower, rel.toLowerCase(), rel)
    this.metas.delete(rel)
    if (rel.endsWith('.meta')) this.metaByAsset.delete(rel.slice(0, -5))
    return true
  }

  setDir(rel: string, st: Stat): void {
    this.version++
    this.dirs.set(rel, st)
  }

  /** Remove a folder and everything below it (a deleted folder gets one watcher event). */
  removeTree(rel: string): string[] {
    this.version++
    const removed: string[] = []
    const prefix = `${rel}/`
    for (const p of [...this.files.keys()]) if (p.startsWith(prefix) && this.removeFile(p)) removed.push(p)
    for (const p of [...this.metas.keys()]) if (p.startsWith(prefix) && this.removeMeta(p)) removed.push(p)
    for (const p of [...this.dirs.keys()]) {
      if (p !== rel && !p.startsWith(prefix)) continue
      this.dirs.delete(p)
      removed.push(p)
    }
    return removed
  }

  // --- lookups --------------------------------------------------------------------------------

  /** The `.meta` of an asset: exact name first, then a case-only match (what Windows/macOS would pair). */
  metaOf(assetPath: string): MetaFacts | null {
    const exact = this.metaByAsset.get(assetPath)
    if (exact) return exact
    if (!this.metasLower) {
      this.metasLower = new Map()
      for (const p of this.metas.keys()) addTo(this.metasLower, p.toLowerCase(), p)
    }
    const lower = this.metasLower.get(`${assetPath}.meta`.toLowerCase())
    if (lower === undefined) return null
    return this.metas.get(typeof lower === 'string' ? lower : lower[0]) ?? null
  }

  hasAsset(assetPath: string): boolean {
    return this.files.has(assetPath) || this.dirs.has(assetPath)
  }

  /** The asset a GUID names: the path beside its (first) `.meta`, preferring one that exists. */
  pathOfGuid(guid: string): string | null {
    const owners = this.guidOwners.get(guid)
    if (owners === undefined) return null
    let fallback: string | null = null
    for (const metaPath of typeof owners === 'string' ? [owners] : owners) {
      const assetPath = metaPath.slice(0, -5)
      if (this.hasAsset(assetPath)) return assetPath
      fallback ??= assetPath
    }
    return fallback
  }

  /** How many .meta files declare `guid` (more than one is a duplicate). */
  ownerCount(guid: string): number {
    const owners = this.guidOwners.get(guid)
    return owners === undefined ? 0 : typeof owners === 'string' ? 1 : owners.length
  }

  metaPathsOfGuid(guid: string): string[] {
    const owners = this.guidOwners.get(guid)
    return owners === undefined ? [] : typeof owners === 'string' ? [owners] : [...owners]
  }

  isDeclared(guid: string): boolean {
    return this.guidOwners.has(guid)
  }

  declaredGuids(): IterableIterator<string> {
    return this.guidOwners.keys()
  }

  declaredGuidCount(): number {
    return this.guidOwners.size
  }

  /** GUIDs declared by more than one .meta, with those .meta paths (without a lookup per GUID). */
  *duplicateGuids(): IterableIterator<[guid: string, metaPaths: string[]]> {
    for (const [guid, owners] of this.guidOwners) if (typeof owners !== 'string') yield [guid, [...owners]]
  }

  asset(assetPath: string): UnityAsset | null {
    const f = this.files.get(assetPath)
    const dir = f ? null : this.dirs.get(assetPath)
    if (!f && !dir) return null
    const meta = this.metaOf(assetPath)
    // The importer's word first (mainObjectFileID, texture type): the first YAML document is not
    // always the main object, and binary files have none.
    const mainClass = meta?.mainClass ?? (f ? className(f.classId) : null)
    return {
      path: assetPath,
      guid: meta?.guids[0] ?? null,
      type: assetType(assetPath, { folder: !!dir, importer: meta?.importer ?? null, mainClass }),
      size: f?.size ?? 0,
      importer: meta?.importer ?? null,
      storage: f ? f.storage : 'folder',
      mainClass,
    }
  }

  /** The type alone, without building an asset record (the summary asks for 100k of them). */
  typeOf(assetPath: string): string | null {
    if (this.dirs.has(assetPath)) return 'Folder'
    const f = this.files.get(assetPath)
    return f ? this.typeOfFile(f) : null
  }

  /** typeOf for a file record in hand (no lookup of the file itself). */
  typeOfFile(f: FileFacts): string {
    const meta = this.metaOf(f.path)
    return assetType(f.path, { folder: false, importer: meta?.importer ?? null, mainClass: meta?.mainClass ?? className(f.classId) })
  }

  private sorted: { version: number; paths: string[] } | null = null

  /** Every asset path, sorted; cached until the index changes. */
  sortedAssetPaths(): string[] {
    if (!this.sorted || this.sorted.version !== this.version) this.sorted = { version: this.version, paths: [...this.allAssetPaths()].sort() }
    return this.sorted.paths
  }

  *allAssetPaths(): IterableIterator<string> {
    yield* this.dirs.keys()
    yield* this.files.keys()
  }

  // --- the graph ------------------------------------------------------------------------------

  private refTo(guid: string, count: number, depth: number): AssetRef {
    const path = this.pathOfGuid(guid)
    const a = path ? this.asset(path) : null
    return { guid, path, type: a?.type ?? null, builtin: BUILTIN_GUIDS[guid] ?? null, count, depth }
  }

  /** What `assetPath` references; with `transitive`, what those reference too (breadth first). */
  dependencies(assetPath: string, transitive = false): AssetRef[] {
    const ownGuid = this.metaOf(assetPath)?.guids[0]
    const seen = new Set<string>(ownGuid ? [ownGuid] : [])
    const out: AssetRef[] = []
    let frontier: { path: string; depth: number }[] = [{ path: assetPath, depth: 1 }]
    while (frontier.length > 0) {
      const next: typeof frontier = []
      for (const { path, depth } of frontier) {
        const f = this.files.get(path)
        if (!f) continue
        for (let i = 0; i < f.refs.length; i++) {
          const guid = f.refs[i]
          const n = f.counts[i]
          if (seen.has(guid)) continue
          seen.add(guid)
          const ref = this.refTo(guid, depth === 1 ? n : 0, depth)
          out.push(ref)
          if (transitive && ref.path && ref.path !== assetPath) next.push({ path: ref.path, depth: depth + 1 })
        }
      }
      frontier = next
    }
    return out
  }

  /** Who references `guid`; with `transitive`, who references those, and so on. */
  usedBy(guid: string, transitive = false): AssetRef[] {
    const out: AssetRef[] = []
    const seenPaths = new Set<string>()
    const seenGuids = new Set<string>([guid])
    let frontier: { guid: string; depth: number }[] = [{ guid, depth: 1 }]
    while (frontier.length > 0) {
      const next: typeof frontier = []
      for (const { guid: g, depth } of frontier) {
        for (const [path, n] of this.reverse().get(g) ?? []) {
          if (seenPaths.has(path)) continue
          seenPaths.add(path)
          const refGuid = this.metaOf(path)?.guids[0] ?? null
          if (refGuid === guid) continue // an asset mentioning its own GUID is not a user of itself
          const a = this.asset(path)
          out.push({ guid: refGuid ?? '', path, type: a?.type ?? null, builtin: null, count: depth === 1 ? n : 0, depth })
          if (transitive && refGuid && !seenGuids.has(refGuid)) {
            seenGuids.add(refGuid)
            next.push({ guid: refGuid, depth: depth + 1 })
          }
        }
      }
      frontier = next
    }
    return out
  }

  usedByCount(guid: string): number {
    return this.reverse().get(guid)?.size ?? 0
  }
}

/** Add `value` under `key`: a bare string for one value, an array (insertion order) for more. */
function addTo(map: Map<string, string | string[]>, key: string, value: string): void {
  const cur = map.get(key)
  if (cur === undefined) map.set(key, value)
  else if (typeof cur === 'string') {
    if (cur !== value) map.set(key, [cur, value])
  } else if (!cur.includes(value)) cur.push(value)
}

function deleteFrom(map: Map<string, string | string[]>, key: string, value: string): void {
  const cur = map.get(key)
  if (cur === undefined) return
  if (typeof cur === 'string') {
    if (cur === value) map.delete(key)
    return
  }
  const rest = cur.filter((v) => v !== value)
  if (rest.length === 0) map.delete(key)
  else map.set(key, rest.length === 1 ? rest[0] : rest)
}
