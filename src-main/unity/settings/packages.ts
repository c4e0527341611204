import type { PackageSource, ScopedRegistry, UnityPackage } from '../../../src-shared/types-unity'
import type { Parsed } from './project-files'

/** Packages/manifest.json, packages-lock.json and embedded packages' package.json. */

export interface Manifest {
  dependencies: Record<string, string>
  scopedRegistries: ScopedRegistry[]
  testables: string[]
  registry: string | null
}

export interface LockEntry {
  version: string
  source: string | null
  depth: number | null
  /** The registry a registry package was resolved from. */
  url?: string | null
}

export interface EmbeddedPackage {
  name: string
  version: string
  displayName: string | null
  /** Folder, project-relative (`Packages/com.verasl.water-system`). */
  path: string
}

function parseJsonObject(text: string, what: string): { obj: Record<string, unknown> | null; problems: string[] } {
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown
    if (v && typeof v === 'object' && !Array.isArray(v)) return { obj: v as Record<string, unknown>, problems: [] }
    return { obj: null, problems: [`${what} is not a JSON object`] }
  } catch (err) {
    return { obj: null, problems: [`${what} is not valid JSON: ${(err as Error).message}`] }
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
}

export function parseManifest(text: string): Parsed<Manifest> {
  const { obj, problems } = parseJsonObject(text, 'manifest.json')
  const dependencies: Record<string, string> = {}
  const deps = obj?.dependencies
  if (deps && typeof deps === 'object') {
    for (const [k, v] of Object.entries(deps as Record<string, unknown>)) if (typeof v === 'string') dependencies[k] = v
  }
  const scopedRegistries: ScopedRegistry[] = []
  if (Array.isArray(obj?.scopedRegistries)) {
    for (const r of obj.scopedRegistries as unknown[]) {
      if (!r || typeof r !== 'object') continue
      const reg = r as Record<string, unknown>
      scopedRegistries.push({ name: String(reg.name ?? ''), url: String(reg.url ?? ''), scopes: strings(reg.scopes) })
    }
  }
  return {
    value: { dependencies, scopedRegistries, testables: strings(obj?.testables), registry: typeof obj?.registry === 'string' ? obj.registry : null },
    problems,
  }
}

export function parseLock(text: string): Parsed<Record<string, LockEntry>> {
  const { obj, problems } = parseJsonObject(text, 'packages-lock.json')
  const out: Record<string, LockEntry> = {}
  const deps = obj?.dependencies
  if (deps && typeof deps === 'object') {
    for (const [k, v] of Object.entries(deps as Record<string, unknown>)) {
      if (!v || typeof v !== 'object') continue
      const e = v as Record<string, unknown>
      out[k] = {
        version: typeof e.version === 'string' ? e.version : '',
        source: typeof e.source === 'string' ? e.source : null,
        depth: typeof e.depth === 'number' ? e.depth : null,
        url: typeof e.url === 'string' ? e.url : null,
      }
    }
  }
  return { value: out, problems }
}

export function parsePackageJson(text: string, folder: string): Parsed<EmbeddedPackage | null> {
  const { obj, problems } = parseJsonObject(text, `${folder}/package.json`)
  if (!obj) return { value: null, problems }
  return {
    value: {
      name: typeof obj.name === 'string' ? obj.name : folder.split('/').pop()!,
      version: typeof obj.version === 'string' ? obj.version : '',
      displayName: typeof obj.displayName === 'string' ? obj.displayName : null,
      path: folder,
    },
    problems,
  }
}

/** Where a manifest dependency comes from, from its version string. */
export function sourceOfSpec(spec: string): PackageSource {
  if (spec.startsWith('file:')) return spec.endsWith('.tgz') ? 'tarball' : 'local'
  if (/^(git\+|git:|ssh:|https?:\/\/.*\.git(#|$))/.test(spec) || /\.git(#.*)?$/.test(spec) || spec.startsWith('git@')) return 'git'
  if (/^https?:/.test(spec)) return 'git'
  return 'registry'
}

const LOCK_SOURCES: Record<string, PackageSource> = {
  registry: 'registry',
  git: 'git',
  local: 'local',
  embedded: 'embedded',
  builtin: 'builtin',
  'local-tarball': 'tarball',
}

/**
 * The package list: the manifest's direct dependencies (source from the lock when it knows, else
 * from the version string), then embedded packages the manifest does not name (Unity loads every
 * folder under Packages/ with a package.json), then indirect dependencies from the lock.
 */
export function listPackages(manifest: Manifest | null, lock: Record<string, LockEntry> | null, embedded: EmbeddedPackage[]): UnityPackage[] {
  const out: UnityPackage[] = []
  const seen = new Set<string>()
  const embeddedByName = new Map(embedded.map((e) => [e.name, e]))
  for (const [name, spec] of Object.entries(manifest?.dependencies ?? {})) {
    const emb = embeddedByName.get(name)
    const lockEntry = lock?.[name]
    // The manifest says what is asked for; a lock can be stale (2d-techdemos' lock still says
    // "registry" for a package the manifest takes from git), so the lock only refines plain versions.
    const specSource = sourceOfSpec(spec)
    let source: PackageSource = emb
      ? 'embedded'
      : specSource === 'registry' && lockEntry?.source
        ? (LOCK_SOURCES[lockEntry.source] ?? 'unknown')
        : specSource
    if (source === 'registry' && name.startsWith('com.unity.modules.')) source = 'builtin'
    out.push({ name, version: emb ? emb.version : spec, source, direct: true, ...(emb ? { path: emb.path } : {}) })
    seen.add(name)
  }
  for (const emb of embedded) {
    if (seen.has(emb.name)) continue
    out.push({ name: emb.name, version: emb.version, source: 'embedded', direct: true, path: emb.path })
    seen.add(emb.name)
  }
  for (const [name, e] of Object.entries(lock ?? {})) {
    if (seen.has(name)) continue
    out.push({ name, version: e.version, source: e.source ? (LOCK_SOURCES[e.source] ?? 'unknown') : 'unknown', direct: false })
  }
  return out
}
