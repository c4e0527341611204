import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BUILTIN_GUIDS } from '../asset-types'
import { findRefs } from '../queries'
import { UnityProject } from '../unity-project'
import { unityFixture } from '../../testing/fixtures'
import { boatAttackWithPackageCache, declaredGuidsBelow, filesBelow, packageCacheFixture } from '../../testing/package-cache-copy'

/**
 * BoatAttack with ../shared/fixtures/package-cache copied into a copy's Library/PackageCache.
 * Expectations are computed here with plain regexes over the files, independently of the indexer.
 */
const copy = boatAttackWithPackageCache()
afterAll(() => copy.dispose())

const root = copy.root
const referencedFromAssets = new Set<string>()
for (const f of filesBelow(path.join(root, 'Assets'))) {
  if (f.endsWith('.meta')) continue
  for (const m of fs.readFileSync(f, 'latin1').matchAll(/guid: ([0-9a-f]{32})/g)) referencedFromAssets.add(m[1])
}
const projectDeclared = new Set([...declaredGuidsBelow(path.join(root, 'Assets')), ...declaredGuidsBelow(path.join(root, 'Packages'))])
const nonBuiltinUndeclared = [...referencedFromAssets].filter((g) => !projectDeclared.has(g) && !BUILTIN_GUIDS[g])
const perPackage = new Map<string, string[]>()
for (const dir of fs.readdirSync(packageCacheFixture)) {
  const declared = declaredGuidsBelow(path.join(packageCacheFixture, dir))
  perPackage.set(dir.slice(0, dir.lastIndexOf('@')), nonBuiltinUndeclared.filter((g) => declared.has(g)))
}
const inPackages = new Set([...perPackage.values()].flat())

describe('BoatAttack with three registry packages in Library/PackageCache', () => {
  const project = UnityProject.open(root, { cacheDir: null })
  const s = project.summary()

  it('the oracle agrees with the fixture README: 56 of 122 undeclared GUIDs are the packages’ (33 URP, 15 uGUI, 8 TMP)', () => {
    expect(nonBuiltinUndeclared).toHaveLength(122)
    expect(inPackages.size).toBe(56)
    expect(perPackage.get('com.unity.render-pipelines.universal')).toHaveLength(33)
    expect(perPackage.get('com.unity.ugui')).toHaveLength(15)
    expect(perPackage.get('com.unity.textmeshpro')).toHaveLength(8)
  })

  it('reads the three packages as Packages/<name> and resolves every GUID they declare', () => {
    expect(project.external.map((e) => `${e.name}@${e.version}:${e.kind}`).sort()).toEqual([
      'com.unity.render-pipelines.universal@10.7.0:package-cache',
      'com.unity.textmeshpro@3.0.6:package-cache',
      'com.unity.ugui@1.0.0:package-cache',
    ])
    for (const [name, guids] of perPackage) {
      for (const g of guids) {
        expect(project.refState(g)).toBe('resolved')
        expect(project.index.pathOfGuid(g)?.startsWith(`Packages/${name}/`)).toBe(true)
      }
    }
  })

  it('names the rest as references into packages not on this machine, not as missing', () => {
    const rest = nonBuiltinUndeclared.filter((g) => !inPackages.has(g))
    expect(rest).toHaveLength(66)
    for (const g of rest) expect(project.refState(g)).toBe('unverifiable')
    const builtin = [...referencedFromAssets].filter((g) => BUILTIN_GUIDS[g] && !projectDeclared.has(g)).length
    expect(s.unresolved).toEqual({ distinct: rest.length + builtin, builtin, unverifiable: rest.length, missing: 0 })
    const notOnDisk = s.packageFiles.notOnDisk.map((p) => p.name)
    for (const name of ['com.unity.cinemachine', 'com.unity.addressables', 'com.unity.inputsystem', 'com.unity.timeline', 'com.unity.render-pipelines.core']) expect(notOnDisk).toContain(name)
    // Engine modules are the Editor's code, not packages one could be missing.
    expect(notOnDisk.some((n) => n.startsWith('com.unity.modules.'))).toBe(false)
    // render-pipelines.core is only known from URP's package.json (BoatAttack has no packages-lock.json).
    expect(s.packages.find((p) => p.name === 'com.unity.render-pipelines.core')).toMatchObject({ direct: false, location: null })
  })

  it('no asset is a problem for a reference into a package; a material using URP’s shader shows it resolved', () => {
    expect(s.problems.byKind['missing-reference'] ?? 0).toBe(0)
    const urpGuids = new Set(perPackage.get('com.unity.render-pipelines.universal'))
    const user = [...project.index.files.values()].find((f) => f.path.endsWith('.mat') && f.refs.some((g) => urpGuids.has(g)))!
    const deps = findRefs(project, user.path)!.dependencies.filter((d) => urpGuids.has(d.guid))
    expect(deps.length).toBeGreaterThan(0)
    for (const d of deps) expect(d).toMatchObject({ state: 'resolved', package: 'com.unity.render-pipelines.universal' })
    expect(d0(findRefs(project, user.path)!.dependencies.filter((d) => !d.path && !d.builtin))).toBe(true)
  })

  it('keeps the project’s own figures apart from the packages’', () => {
    const without = UnityProject.open(unityFixture('BoatAttack'), { cacheDir: null }).summary()
    expect(s.packageFiles.read).toBe(3)
    // Package files and folders Unity would import (Documentation~ and dot-files are skipped).
    const pkgDirs = fs.readdirSync(packageCacheFixture).map((d) => path.join(packageCacheFixture, d))
    const visible = pkgDirs.flatMap((d) => filesBelow(d).map((f) => path.relative(d, f))).filter((r) => !/(^|\/)(\.[^/]*|[^/]*~)(\/|$)/.test(r))
    const folders = new Set<string>()
    for (const d of pkgDirs) for (const f of filesBelow(d)) for (let r = path.dirname(path.relative(d, f)); r !== '.'; r = path.dirname(r)) if (!/(^|\/)(\.[^/]*|[^/]*~)(\/|$)/.test(r)) folders.add(`${d}/${r}`)
    // Assets of the packages: every file Unity imports (not .meta) and every folder.
    expect(s.packageFiles.assets).toBe(visible.filter((r) => !r.endsWith('.meta')).length + folders.size)
    expect(s.assets.total).toBe(without.assets.total)
    expect(s.guids.declared).toBe(without.guids.declared + s.packageFiles.guids)
  })
})

/** Every unresolved, non-built-in dependency is said to be unverifiable (packages are missing), none missing. */
function d0(refs: { state?: string }[]): boolean {
  return refs.every((r) => r.state === 'unverifiable')
}
