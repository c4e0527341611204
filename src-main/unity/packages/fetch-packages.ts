import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { PackageFetchItem, PackageFetchReport, ScopedRegistry, UnityPackage } from '../../../src-shared/types-unity'
import type { LockEntry } from '../settings/packages'
import { DEFAULT_LIMITS, unpackTarball, type UnpackLimits } from './tarball'

/**
 * Fetch the registry packages a project needs that are not on this machine, into SLATE's own
 * package cache (`<data>/packages/<name>@<version>`, never into the project), so their GUIDs can
 * be resolved. Unity's registries speak the npm protocol: GET `<registry>/<name>` gives the
 * packument, whose `versions[v].dist` names the tarball and its `shasum` / `integrity`.
 *
 * The registry of a package is the one Unity would use: the scoped registry whose scope matches
 * the name (longest scope wins), else the lock's `url`, else the manifest's `registry`, else Unity's
 * default https://packages.unity.com. `defaultRegistry` (`--registry`) replaces the default one.
 */
export const UNITY_REGISTRY = 'https://packages.unity.com'

const NAME = /^[a-z0-9][a-z0-9._-]{0,213}$/
const VERSION = /^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?$/
const MAX_PACKUMENT_BYTES = 64 * 1024 * 1024

export interface FetchPlanInput {
  packages: UnityPackage[]
  scopedRegistries: ScopedRegistry[]
  lock: Record<string, LockEntry & { url?: string | null }> | null
  manifestRegistry: string | null
}

export interface FetchOptions {
  cacheDir: string
  /** Replaces Unity's default registry (a mirror, or a test's loopback server). */
  defaultRegistry?: string | null
  limits?: UnpackLimits
  /** Per request; a registry that does not answer in time is reported, not waited for. */
  timeoutMs?: number
  fetchImpl?: typeof fetch
}

/** The fetch input of an open project. */
export function fetchInputOf(project: { packages: UnityPackage[]; manifest: { scopedRegistries: ScopedRegistry[]; registry: string | null } | null; lock: Record<string, LockEntry> | null }): FetchPlanInput {
  return { packages: project.packages, scopedRegistries: project.manifest?.scopedRegistries ?? [], lock: project.lock, manifestRegistry: project.manifest?.registry ?? null }
}

/** The registry Unity would ask for `name`. */
export function registryFor(name: string, input: Omit<FetchPlanInput, 'packages'>, defaultRegistry?: string | null): string {
  let best: { url: string; len: number } | null = null
  for (const r of input.scopedRegistries) {
    for (const scope of r.scopes) {
      if ((name === scope || name.startsWith(`${scope}.`)) && (!best || scope.length > best.len)) best = { url: r.url, len: scope.length }
    }
  }
  if (best) return best.url
  const fromLock = input.lock?.[name]?.url
  if (fromLock && fromLock !== UNITY_REGISTRY) return fromLock
  return defaultRegistry ?? input.manifestRegistry ?? fromLock ?? UNITY_REGISTRY
}

/** Check a download against the packument's `integrity` (SRI, strongest listed) and `shasum` (sha1 hex). */
export function verifyIntegrity(data: Buffer, dist: { integrity?: unknown; shasum?: unknown }): { ok: boolean; checked: string[]; problem?: string } {
  const checked: string[] = []
  if (typeof dist.integrity === 'string' && dist.integrity.trim()) {
    const order = ['sha512', 'sha384', 'sha256', 'sha1']
    const entries = dist.integrity
      .trim()
      .split(/\s+/)
      .map((e) => {
        const dash = e.indexOf('-')
        return { alg: e.slice(0, dash), digest: e.slice(dash + 1).replace(/\?.*$/, '') }
      })
      .filter((e) => order.includes(e.alg))
      .sort((a, b) => order.indexOf(a.alg) - order.indexOf(b.alg))
    const strongest = entries[0]
    if (strongest) {
      const actual = crypto.createHash(strongest.alg).update(data).digest('base64')
      checked.push(strongest.alg)
      if (actual !== strongest.digest) return { ok: false, checked, problem: `${strongest.alg} integrity does not match (expected ${strongest.digest.slice(0, 16)}…, got ${actual.slice(0, 16)}…)` }
    }
  }
  if (typeof dist.shasum === 'string' && /^[0-9a-f]{40}$/i.test(dist.shasum)) {
    const actual = crypto.createHash('sha1').update(data).digest('hex')
    checked.push('shasum')
    if (actual !== dist.shasum.toLowerCase()) return { ok: false, checked, problem: `shasum does not match (expected ${dist.shasum}, got ${actual})` }
  }
  return { ok: true, checked }
}

async function getBytes(url: string, o: FetchOptions, maxBytes: number, accept: string): Promise<Buffer> {
  const u = new URL(url)
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`refusing ${u.protocol} URL ${url}: only http and https`)
  const res = await (o.fetchImpl ?? fetch)(url, { headers: { accept }, signal: AbortSignal.timeout(o.timeoutMs ?? 60_000), redirect: 'follow' })
  if (!res.ok) throw Object.assign(new Error(`${url} answered ${res.status} ${res.statusText}`.trim()), { status: res.status })
  const declared = Number(res.headers.get('content-length') ?? '0')
  if (declared > maxBytes) throw new Error(`${url} is ${declared} bytes, over the ${maxBytes}-byte limit`)
  const chunks: Buffer[] = []
  let total = 0
  if (!res.body) return Buffer.alloc(0)
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    total += chunk.length
    if (total > maxBytes) throw new Error(`${url} sent more than ${maxBytes} bytes`)
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}

function describeError(err: unknown, registry: string): string {
  const e = err as Error & { cause?: { code?: string; message?: string } }
  if (e.name === 'TimeoutError') return `${registry} did not answer in time`
  const code = e.cause?.code
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${registry} cannot be reached (no network, or the name does not resolve)`
  if (code === 'ECONNREFUSED') return `${registry} refused the connection`
  return e.cause?.message ? `${e.message}: ${e.cause.message}` : e.message
}

/** What would be fetched: registry packages not on this machine, with the exact version to get. */
export function fetchCandidates(packages: UnityPackage[]): { fetch: UnityPackage[]; skipped: PackageFetchItem[] } {
  const fetchList: UnityPackage[] = []
  const skipped: PackageFetchItem[] = []
  for (const p of packages) {
    if (p.location !== null || p.engineModule) continue
    const base = { name: p.name, version: p.version, registry: null }
    if (p.source === 'git') skipped.push({ ...base, status: 'skipped', message: 'comes from git, not a registry: open the project in Unity to clone it' })
    else if (p.source === 'local' || p.source === 'tarball') skipped.push({ ...base, status: 'skipped', message: 'a local package (file:) that is not on this machine' })
    else if (p.source === 'builtin') skipped.push({ ...base, status: 'skipped', message: 'ships inside the Unity Editor: install the Editor (or set its path) to read it' })
    else if (!NAME.test(p.name) || !VERSION.test(p.version)) skipped.push({ ...base, status: 'skipped', message: `"${p.version}" is not an exact version SLATE can fetch` })
    else fetchList.push(p)
  }
  return { fetch: fetchList, skipped }
}

/** Fetch one package version into the cache. Never throws: the item says what happened. */
export async function fetchPackage(name: string, version: string, registry: string, o: FetchOptions): Promise<PackageFetchItem> {
  const item: PackageFetchItem = { name, version, registry, status: 'failed', message: '' }
  const target = path.join(o.cacheDir, `${name}@${version}`)
  if (fs.existsSync(path.join(target, 'package.json'))) return { ...item, status: 'cached', message: 'already in SLATE’s package cache' }
  try {
    const base = registry.replace(/\/+$/, '')
    const packumentBytes = await getBytes(`${base}/${encodeURIComponent(name).replace(/^%40/, '@')}`, o, MAX_PACKUMENT_BYTES, 'application/json').catch((err: Error & { status?: number }) => {
      if (err.status === 404) return null
      throw err
    })
    if (packumentBytes === null) return { ...item, message: `${registry} does not have ${name}` }
    const packument = JSON.parse(packumentBytes.toString('utf8')) as {
      versions?: Record<string, { dist?: { tarball?: unknown; shasum?: unknown; integrity?: unknown } }>
    }
    const dist = packument.versions?.[version]?.dist
    if (!dist) return { ...item, message: `${registry} has no version ${version} of ${name}` }
    if (typeof dist.tarball !== 'string') return { ...item, message: `${registry} gives no tarball for ${name}@${version}` }
    const limits = o.limits ?? DEFAULT_LIMITS
    const tgz = await getBytes(new URL(dist.tarball, `${base}/`).toString(), o, limits.maxCompressedBytes, 'application/octet-stream')
    const integrity = verifyIntegrity(tgz, dist)
    if (!integrity.ok) return { ...item, message: `refused: ${integrity.problem}` }
    fs.mkdirSync(o.cacheDir, { recursive: true })
    const tmp = fs.mkdtempSync(path.join(o.cacheDir, `.${name}@${version}-`))
    try {
      const r = unpackTarball(tgz, tmp, limits)
      if (!fs.existsSync(path.join(tmp, 'package.json'))) return { ...item, message: 'the tarball holds no package.json: not a package' }
      try {
        fs.renameSync(tmp, target)
      } catch (err) {
        // Another fetch finished the same package first: theirs is as good as ours.
        if (fs.existsSync(path.join(target, 'package.json'))) return { ...item, status: 'cached', message: 'already in SLATE’s package cache' }
        throw err
      }
      const verified = integrity.checked.length ? `verified (${integrity.checked.join(', ')})` : 'not verified: the registry gave no checksum'
      const skipped = r.skipped.length ? `; ${r.skipped.length} entries not written (${r.skipped.slice(0, 3).map((s) => `${s.path}: ${s.reason}`).join('; ')})` : ''
      return { ...item, status: 'fetched', message: `${r.files} files, ${verified}${skipped}`, files: r.files, verified: integrity.checked.length > 0 }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true })
    }
  } catch (err) {
    return { ...item, message: describeError(err, registry) }
  }
}

/** Fetch every missing registry package of a project (a few at a time). */
export async function fetchMissingPackages(input: FetchPlanInput, o: FetchOptions): Promise<PackageFetchReport> {
  const { fetch: todo, skipped } = fetchCandidates(input.packages)
  const items: PackageFetchItem[] = [...skipped]
  const queue = [...todo]
  const workers = Array.from({ length: Math.min(4, queue.length) }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) items.push(await fetchPackage(p.name, p.version, registryFor(p.name, input, o.defaultRegistry), o))
  })
  await Promise.all(workers)
  items.sort((a, b) => a.name.localeCompare(b.name))
  const count = (s: PackageFetchItem['status']) => items.filter((i) => i.status === s).length
  return { cacheDir: o.cacheDir, items, fetched: count('fetched'), cached: count('cached'), failed: count('failed'), skipped: count('skipped') }
}
