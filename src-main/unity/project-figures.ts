import type { IndexSummary, ProjectSettingsInfo, RefState, SceneInBuild, UnityDiagnostic, UnityPackage } from '../../src-shared/types-unity'
import { BUILTIN_GUIDS } from './asset-types'
import type { ProjectIndex } from './index/project-index'
import type { Manifest } from './settings/packages'
import type { PackageLocation } from './packages/package-locations'

/** What the figures read of a project (UnityProject; an interface so the two modules do not import each other). */
export interface FiguresSource {
  readonly root: string
  readonly index: ProjectIndex
  unityVersion: string | null
  unityRevision: string | null
  settings: ProjectSettingsInfo | null
  scenesInBuild: SceneInBuild[]
  manifest: Manifest | null
  packages: UnityPackage[]
  external: PackageLocation[]
  stats: { cacheUsed: boolean; reread: number; ms: number }
  externalOf(rel: string): PackageLocation | null
  diagnostics(): UnityDiagnostic[]
  problems(): ProblemSet
}

/**
 * The figures SLATE reports about a project, and the ONE definition of "problem" that the
 * dashboard headline, its chips and `is:problem` all use (assets/asset-catalog.ts reads
 * `problemsByAsset`): an asset has a problem when a diagnostic names it (or its .meta) or when it
 * references a GUID that is `missing`. A reference that may point into a package not on this
 * machine is `unverifiable`, reported as such, and is not a problem: calling it missing would be
 * a false alarm.
 */

/** Packages the project needs whose files are not on this machine (engine modules aside: nothing references into them). */
export function packagesNotOnDisk(packages: UnityPackage[]): UnityPackage[] {
  return packages.filter((p) => p.location === null && !p.engineModule)
}

export function refState(project: FiguresSource, guid: string): RefState {
  if (project.index.isDeclared(guid)) return 'resolved'
  if (BUILTIN_GUIDS[guid]) return 'builtin'
  return packagesNotOnDisk(project.packages).length > 0 ? 'unverifiable' : 'missing'
}

export interface ProblemSet {
  /** Asset path (for a .meta's diagnostic: its asset's path) → problem kinds. */
  byAsset: Map<string, string[]>
  /** Kind → number of assets with it. */
  byKind: Record<string, number>
}

export function computeProblems(project: FiguresSource): ProblemSet {
  const byAsset = new Map<string, string[]>()
  const add = (path: string, kind: string) => {
    const list = byAsset.get(path)
    if (!list) byAsset.set(path, [kind])
    else if (!list.includes(kind)) list.push(kind)
  }
  const idx = project.index
  // A .meta whose name differs from its asset's only in case belongs to that asset (built once, if needed).
  let lower: Map<string, string> | null = null
  const assetOfMeta = (metaPath: string): string => {
    const assetPath = metaPath.slice(0, -5)
    if (idx.hasAsset(assetPath)) return assetPath
    if (!lower) {
      lower = new Map()
      for (const p of idx.allAssetPaths()) lower.set(p.toLowerCase(), p)
    }
    return lower.get(assetPath.toLowerCase()) ?? assetPath
  }
  for (const d of project.diagnostics()) {
    // Problems of a settings file are not an asset's: the dashboard lists them on their own.
    if (d.path.startsWith('ProjectSettings/') || d.path.startsWith('Packages/manifest') || d.path.startsWith('Packages/packages-lock')) continue
    add(d.path.endsWith('.meta') ? assetOfMeta(d.path) : d.path, d.kind)
  }
  const canCheck = packagesNotOnDisk(project.packages).length === 0
  if (canCheck) {
    for (const f of idx.files.values()) {
      if (project.externalOf(f.path)) continue // a package's own references are its authors' business
      for (const g of f.refs) if (!idx.isDeclared(g) && !BUILTIN_GUIDS[g]) add(f.path, 'missing-reference')
    }
  }
  const byKind: Record<string, number> = {}
  for (const kinds of byAsset.values()) for (const k of kinds) byKind[k] = (byKind[k] ?? 0) + 1
  return { byAsset, byKind }
}

export function computeSummary(project: FiguresSource): IndexSummary {
  const idx = project.index
  const byType: Record<string, number> = {}
  let total = 0
  let packageAssets = 0
  // Folders and files separately (as allAssetPaths lists them): the records are in hand, no
  // lookup per path to find them. Assets of packages read from outside the project are counted
  // apart (packageFiles), so the project's own figures do not move when a package is fetched.
  for (const d of idx.dirs.keys()) {
    if (project.externalOf(d)) packageAssets++
    else {
      byType.Folder = (byType.Folder ?? 0) + 1
      total++
    }
  }
  for (const f of idx.files.values()) {
    if (project.externalOf(f.path)) {
      packageAssets++
      continue
    }
    const type = idx.dirs.has(f.path) ? 'Folder' : idx.typeOfFile(f)
    total++
    byType[type] = (byType[type] ?? 0) + 1
  }
  // The figures the issue defines count references in Assets/ only (not embedded packages).
  let occurrences = 0
  const referenced = new Set<string>()
  for (const f of idx.files.values()) {
    if (!f.path.startsWith('Assets/')) continue
    occurrences += f.occurrences
    for (const g of f.refs) referenced.add(g)
  }
  let unresolved = 0
  let builtin = 0
  for (const g of referenced) {
    if (idx.isDeclared(g)) continue
    unresolved++
    if (BUILTIN_GUIDS[g]) builtin++
  }
  const notOnDisk = packagesNotOnDisk(project.packages)
  const other = unresolved - builtin
  let packageGuids = 0
  for (const [metaPath] of idx.metas) if (project.externalOf(metaPath)) packageGuids += idx.metas.get(metaPath)!.guids.length
  const problems = project.problems()
  return {
    root: project.root,
    unityVersion: project.unityVersion,
    unityRevision: project.unityRevision,
    productName: project.settings?.productName ?? null,
    settings: project.settings,
    assets: { total, byType: Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1])) },
    guids: { declared: idx.declaredGuidCount() },
    references: { occurrences, distinctGuids: referenced.size },
    unresolved: { distinct: unresolved, builtin, unverifiable: notOnDisk.length > 0 ? other : 0, missing: notOnDisk.length > 0 ? 0 : other },
    packageFiles: {
      read: project.external.length,
      assets: packageAssets,
      guids: packageGuids,
      notOnDisk: notOnDisk.map((p) => ({ name: p.name, version: p.version, source: p.source })),
    },
    problems: { assets: problems.byAsset.size, byKind: problems.byKind },
    scenesInBuild: project.scenesInBuild,
    packages: project.packages,
    scopedRegistries: project.manifest?.scopedRegistries ?? [],
    testables: project.manifest?.testables ?? [],
    diagnostics: project.diagnostics(),
    cache: { used: project.stats.cacheUsed, reread: project.stats.reread },
    timings: { totalMs: Math.round(project.stats.ms * 10) / 10 },
  }
}
