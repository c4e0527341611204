import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UnityProject } from '../unity-project'
import { fetchMissingPackages, type FetchPlanInput } from './fetch-packages'
import { boatAttackWithPackageCache, declaredGuidsBelow, packageCacheFixture } from '../../testing/package-cache-copy'
import { packDir, startTestRegistry, tarGz, type TestRegistry } from '../../testing/npm-registry'

/**
 * Fetching the packages a project needs from registries served on loopback by this test, with
 * tarballs packed here from ../shared/fixtures/package-cache. A BoatAttack copy without Library/.
 */
const copy = boatAttackWithPackageCache({ packages: false })
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-fetch-data-'))
const cacheDir = path.join(data, 'packages')
let unity: TestRegistry
let openupm: TestRegistry

function served(): Record<string, Record<string, { tgz: Buffer }>> {
  const out: Record<string, Record<string, { tgz: Buffer }>> = {}
  for (const dir of fs.readdirSync(packageCacheFixture)) {
    const [name, version] = dir.split('@')
    out[name] = { [version]: { tgz: packDir(path.join(packageCacheFixture, dir)) } }
  }
  return out
}

function input(project: UnityProject): FetchPlanInput {
  return { packages: project.packages, scopedRegistries: project.manifest?.scopedRegistries ?? [], lock: project.lock, manifestRegistry: project.manifest?.registry ?? null }
}

beforeAll(async () => {
  unity = await startTestRegistry(served())
  openupm = await startTestRegistry({})
  // The project's scoped registry (OpenUPM) pointed at the second loopback server.
  const manifestPath = path.join(copy.root, 'Packages', 'manifest.json')
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { scopedRegistries: { url: string }[] }
  manifest.scopedRegistries[0].url = openupm.url
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2))
})
afterAll(async () => {
  await unity?.close()
  await openupm?.close()
  copy.dispose()
  fs.rmSync(data, { recursive: true, force: true })
})

describe('packages fetch from registries on loopback', () => {
  it('fetches the exact versions into SLATE’s cache (never the project), verified, and then resolves their GUIDs', async () => {
    const before = UnityProject.open(copy.root, { cacheDir: null, packageCacheDir: cacheDir })
    expect(before.external).toEqual([])
    const report = await fetchMissingPackages(input(before), { cacheDir, defaultRegistry: unity.url })
    const byName = new Map(report.items.map((i) => [i.name, i]))
    for (const name of ['com.unity.render-pipelines.universal', 'com.unity.textmeshpro', 'com.unity.ugui']) {
      expect(byName.get(name)).toMatchObject({ status: 'fetched', verified: true, registry: unity.url })
    }
    expect(byName.get('com.unity.cinemachine')).toMatchObject({ status: 'failed', message: `${unity.url} does not have com.unity.cinemachine` })
    // Scoped packages went to the scoped registry, and only there.
    expect(byName.get('net.peeweek.gameplay-ingredients')?.registry).toBe(openupm.url)
    expect(openupm.requests).toEqual(['/net.peeweek.gameplay-ingredients'])
    expect(unity.requests).not.toContain('/net.peeweek.gameplay-ingredients')
    // Engine modules are never asked for.
    expect(unity.requests.some((r) => r.includes('com.unity.modules.'))).toBe(false)
    expect(fs.existsSync(path.join(copy.root, 'Library', 'PackageCache'))).toBe(false)
    expect(fs.readdirSync(cacheDir).filter((d) => !d.startsWith('.')).sort()).toEqual(fs.readdirSync(packageCacheFixture).sort())

    const after = UnityProject.open(copy.root, { cacheDir: null, packageCacheDir: cacheDir })
    expect(after.external.map((e) => e.kind)).toEqual(['slate-cache', 'slate-cache', 'slate-cache'])
    const urp = declaredGuidsBelow(path.join(packageCacheFixture, 'com.unity.render-pipelines.universal@10.7.0'))
    for (const g of urp) expect(after.refState(g)).toBe('resolved')
    expect(after.summary().packageFiles.read).toBe(3)
  })

  it('a second fetch finds them cached and downloads nothing', async () => {
    const n = unity.requests.length
    const project = UnityProject.open(copy.root, { cacheDir: null, packageCacheDir: cacheDir })
    const report = await fetchMissingPackages(input(project), { cacheDir, defaultRegistry: unity.url })
    expect(report.fetched).toBe(0)
    expect(unity.requests.slice(n).some((r) => r.endsWith('.tgz'))).toBe(false)
  })

  it('refuses a tarball whose checksum does not match, and writes nothing', async () => {
    const tgz = tarGz([{ name: 'package/package.json', data: Buffer.from('{"name":"com.x","version":"1.0.0"}') }])
    const bad = await startTestRegistry({ 'com.x': { '1.0.0': { tgz, integrity: `sha512-${Buffer.alloc(64).toString('base64')}`, shasum: null } } })
    const dir = path.join(data, 'bad')
    try {
      const report = await fetchMissingPackages({ packages: [{ name: 'com.x', version: '1.0.0', source: 'registry', location: null }], scopedRegistries: [], lock: null, manifestRegistry: null }, { cacheDir: dir, defaultRegistry: bad.url })
      expect(report.items[0]).toMatchObject({ status: 'failed' })
      expect(report.items[0].message).toMatch(/^refused: sha512 integrity does not match/)
      expect(fs.existsSync(path.join(dir, 'com.x@1.0.0'))).toBe(false)
    } finally {
      await bad.close()
    }
  })

  it('says so when a registry cannot be reached, in words', async () => {
    const gone = await startTestRegistry({})
    await gone.close() // a port nothing listens on any more
    const report = await fetchMissingPackages({ packages: [{ name: 'com.y', version: '1.0.0', source: 'registry', location: null }], scopedRegistries: [], lock: null, manifestRegistry: null }, { cacheDir: path.join(data, 'none'), defaultRegistry: gone.url })
    expect(report.items[0]).toMatchObject({ status: 'failed', message: `${gone.url} refused the connection` })
  })
})
