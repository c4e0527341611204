import fs from 'node:fs'
import path from 'node:path'
import type { PackageLocationKind, UnityPackage } from '../../../src-shared/types-unity'
import { parsePackageJson } from '../settings/packages'

/**
 * Where each package the project resolves lives on this machine, looked up the way Unity's
 * Package Manager lays them out:
 * - embedded: a folder under Packages/ with a package.json (indexed as part of the project);
 * - local: a `file:<folder>` dependency, relative to Packages/ or absolute, usually outside the project;
 * - package-cache: `Library/PackageCache/<name>@<version>` (Unity ≤ 2022) or `<name>@<hash>`
 *   (Unity 6, git packages): the exact version first, else the one folder of that name, else
 *   the folder whose package.json has the version asked for;
 * - slate-cache: a registry package SLATE fetched into its own data folder (packages/fetch.ts);
 * - editor: the Editor's built-in packages (`Data/Resources/PackageManager/BuiltInPackages/<name>`)
 *   when an Editor was found.
 * Dependencies of the packages found (their package.json) are followed too: without a
 * packages-lock.json the manifest names only the direct ones.
 */
export interface PackageLocation {
  name: string
  version: string
  /** Where the package's assets appear in the index: `Packages/<name>` (Unity's own asset paths). */
  virtualRoot: string
  /** The package folder on disk (real path). */
  dir: string
  kind: PackageLocationKind
}

export interface PackageLookup {
  /** SLATE's cache of fetched packages (`<data>/packages`), or null. */
  slateCacheDir?: string | null
  /** The Editor's BuiltInPackages folder, or null when no Editor was found. */
  editorPackagesDir?: string | null
}

export interface PackageResolution {
  /** Every package found, outside the project (embedded ones stay project roots). */
  external: PackageLocation[]
  /** The package list with `location` (and added indirect dependencies) filled in. */
  packages: UnityPackage[]
}

/** SLATE's own cache of fetched registry packages, under its data folder (never in a project). */
export function packageCacheDirOf(dataDir: string): string {
  return path.join(dataDir, 'packages')
}

/** Engine modules are the Editor's own code: nothing in a project can reference into them. */
export function isEngineModule(name: string): boolean {
  return name.startsWith('com.unity.modules.')
}

function isPackageDir(dir: string): boolean {
  try {
    return fs.statSync(path.join(dir, 'package.json')).isFile()
  } catch {
    return false
  }
}

function readPackageJson(dir: string): { version: string; dependencies: Record<string, string> } | null {
  let text: string
  try {
    text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8')
  } catch {
    return null
  }
  const p = parsePackageJson(text, dir)
  if (!p.value) return null
  let dependencies: Record<string, string> = {}
  try {
    const raw = (JSON.parse(text.replace(/^\uFEFF/, '')) as { dependencies?: unknown }).dependencies
    if (raw && typeof raw === 'object') dependencies = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'))
  } catch {
    /* parsePackageJson reported it */
  }
  return { version: p.value.version, dependencies }
}

/** Numeric-aware version order (1.10.0 after 1.9.0); pre-release tags compare as text. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}

function realDir(dir: string): string | null {
  try {
    const real = fs.realpathSync(dir)
    return fs.statSync(real).isDirectory() ? real : null
  } catch {
    return null
  }
}

export function resolvePackageLocations(root: string, packages: UnityPackage[], manifestDeps: Record<string, string>, lookup: PackageLookup = {}): PackageResolution {
  const cacheDir = path.join(root, 'Library', 'PackageCache')
  const byName = new Map<string, string[]>()
  try {
    for (const e of fs.readdirSync(cacheDir)) {
      const at = e.lastIndexOf('@')
      if (at <= 0) continue
      const name = e.slice(0, at)
      const list = byName.get(name)
      if (list) list.push(e)
      else byName.set(name, [e])
    }
  } catch {
    /* no Library/ (a fresh clone): nothing cached */
  }

  const inPackageCache = (name: string, version: string): string | null => {
    const names = byName.get(name)
    if (!names) return null
    const exact = names.find((n) => n === `${name}@${version}`)
    if (exact) return path.join(cacheDir, exact)
    const dirs = names.map((n) => path.join(cacheDir, n)).filter(isPackageDir)
    if (dirs.length === 1) return dirs[0]
    const versions = dirs.map((d) => ({ d, v: readPackageJson(d)?.version ?? '' }))
    const same = versions.find((x) => x.v === version)
    if (same) return same.d
    versions.sort((x, y) => compareVersions(y.v, x.v))
    return versions[0]?.d ?? null
  }

  const locate = (p: UnityPackage): { dir: string; kind: PackageLocationKind } | null => {
    const spec = manifestDeps[p.name] ?? p.version
    if (p.source === 'local' && spec.startsWith('file:')) {
      const dir = path.resolve(root, 'Packages', spec.slice(5))
      if (isPackageDir(dir)) return { dir, kind: 'local' }
    }
    const cached = inPackageCache(p.name, p.version)
    if (cached) return { dir: cached, kind: 'package-cache' }
    if (lookup.slateCacheDir) {
      const dir = path.join(lookup.slateCacheDir, `${p.name}@${p.version}`)
      if (isPackageDir(dir)) return { dir, kind: 'slate-cache' }
    }
    if (lookup.editorPackagesDir) {
      const dir = path.join(lookup.editorPackagesDir, p.name)
      if (isPackageDir(dir)) return { dir, kind: 'editor' }
    }
    return null
  }

  const out: UnityPackage[] = []
  const external: PackageLocation[] = []
  const seen = new Set(packages.map((p) => p.name))
  const queue = [...packages]
  for (let i = 0; i < queue.length; i++) {
    const p = queue[i]
    if (p.source === 'embedded') {
      out.push({ ...p, location: 'embedded', root: p.path })
      continue
    }
    const found = locate(p)
    const dir = found ? realDir(found.dir) : null
    if (!found || !dir) {
      out.push({ ...p, location: null, ...(isEngineModule(p.name) ? { engineModule: true } : {}) })
      continue
    }
    const virtualRoot = `Packages/${p.name}`
    const pj = readPackageJson(dir)
    external.push({ name: p.name, version: pj?.version || p.version, virtualRoot, dir, kind: found.kind })
    out.push({ ...p, location: found.kind, root: virtualRoot, ...(isEngineModule(p.name) ? { engineModule: true } : {}) })
    // Indirect dependencies a packages-lock.json would have listed.
    for (const [name, version] of Object.entries(pj?.dependencies ?? {})) {
      if (seen.has(name)) continue
      seen.add(name)
      queue.push({ name, version, source: isEngineModule(name) ? 'builtin' : 'registry', direct: false })
    }
  }
  return { external, packages: out }
}

/** The Editor's built-in packages folder for an editor executable, if it exists. */
export function editorBuiltInPackagesDir(editorExecutable: string): string | null {
  const exe = path.resolve(editorExecutable)
  const candidates = [
    // Windows and Linux: <version>/Editor/Unity(.exe) → <version>/Editor/Data/…
    path.join(path.dirname(exe), 'Data', 'Resources', 'PackageManager', 'BuiltInPackages'),
    // macOS: Unity.app/Contents/MacOS/Unity → Unity.app/Contents/Resources/…
    path.join(path.dirname(exe), '..', 'Resources', 'PackageManager', 'BuiltInPackages'),
  ]
  for (const c of candidates) {
    try {
      if (fs.statSync(c).isDirectory()) return c
    } catch {
      /* next */
    }
  }
  return null
}
