import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { UnityProject } from '../unity-project'
import { findRefs } from '../queries'

/** A small project written here: every package layout Unity uses, and a link out of a package. */
let tmp = ''
afterEach(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }))

const guid = (n: number) => n.toString(16).padStart(32, 'a')
function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}
function pkg(dir: string, name: string, version: string, assets: Record<string, number>, deps: Record<string, string> = {}): void {
  write(path.join(dir, 'package.json'), JSON.stringify({ name, version, dependencies: deps }))
  for (const [rel, n] of Object.entries(assets)) {
    write(path.join(dir, rel), '%YAML 1.1\n--- !u!21 &2100000\nMaterial:\n  m_Name: x\n')
    write(path.join(dir, `${rel}.meta`), `fileFormatVersion: 2\nguid: ${guid(n)}\nNativeFormatImporter:\n  mainObjectFileID: 2100000\n`)
  }
}

function project(manifest: Record<string, string>): { root: string; outside: string; slate: string; editor: string } {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-pkgloc-'))
  const root = path.join(tmp, 'Game')
  write(path.join(root, 'ProjectSettings', 'ProjectVersion.txt'), 'm_EditorVersion: 2022.3.10f1\n')
  write(path.join(root, 'Packages', 'manifest.json'), JSON.stringify({ dependencies: manifest }))
  const refs = [1, 2, 3, 4, 5, 6, 99].map((n) => `  - {fileID: 2100000, guid: ${guid(n)}, type: 2}`).join('\n')
  write(path.join(root, 'Assets', 'Thing.prefab'), `%YAML 1.1\n--- !u!1 &1\nGameObject:\n  m_Materials:\n${refs}\n`)
  write(path.join(root, 'Assets', 'Thing.prefab.meta'), `fileFormatVersion: 2\nguid: ${guid(500)}\nPrefabImporter:\n`)
  return { root, outside: path.join(tmp, 'shared-packages'), slate: path.join(tmp, 'slate-data', 'packages'), editor: path.join(tmp, 'Editor', 'Data', 'Resources', 'PackageManager', 'BuiltInPackages') }
}

describe('package locations', () => {
  it('reads every layout: exact version, @hash, local file:, SLATE’s cache, the Editor; follows package.json dependencies', () => {
    const p = project({ 'com.a': '1.0.0', 'com.b': 'https://example.com/b.git', 'com.local': 'file:../../shared-packages/local', 'com.slate': '2.0.0', 'com.unity.builtin': '1.0.0', 'com.unity.modules.audio': '1.0.0' })
    pkg(path.join(p.root, 'Library', 'PackageCache', 'com.a@1.0.0'), 'com.a', '1.0.0', { 'Runtime/A.mat': 1 }, { 'com.dep': '3.1.0', 'com.gone': '0.1.0' })
    pkg(path.join(p.root, 'Library', 'PackageCache', 'com.a@0.9.0'), 'com.a', '0.9.0', { 'Old.mat': 50 })
    pkg(path.join(p.root, 'Library', 'PackageCache', 'com.b@4f1c2e9a11'), 'com.b', '1.2.0', { 'B.mat': 2 })
    pkg(path.join(p.root, 'Library', 'PackageCache', 'com.dep@3.1.0'), 'com.dep', '3.1.0', { 'D.mat': 3 })
    pkg(path.join(p.outside, 'local'), 'com.local', '0.0.1', { 'L.mat': 4 })
    pkg(path.join(p.slate, 'com.slate@2.0.0'), 'com.slate', '2.0.0', { 'S.mat': 5 })
    pkg(path.join(p.editor, 'com.unity.builtin'), 'com.unity.builtin', '1.0.0', { 'E.mat': 6 })
    const u = UnityProject.open(p.root, { cacheDir: null, packageCacheDir: p.slate, editorPackagesDir: p.editor })
    expect(Object.fromEntries(u.external.map((e) => [e.name, `${e.version} ${e.kind}`]))).toEqual({
      'com.a': '1.0.0 package-cache',
      'com.b': '1.2.0 package-cache',
      'com.local': '0.0.1 local',
      'com.slate': '2.0.0 slate-cache',
      'com.unity.builtin': '1.0.0 editor',
      'com.dep': '3.1.0 package-cache',
    })
    for (const [n, where] of [[1, 'Packages/com.a/Runtime/A.mat'], [2, 'Packages/com.b/B.mat'], [3, 'Packages/com.dep/D.mat'], [4, 'Packages/com.local/L.mat'], [5, 'Packages/com.slate/S.mat'], [6, 'Packages/com.unity.builtin/E.mat']] as const) {
      expect(u.index.pathOfGuid(guid(n))).toBe(where)
      expect(u.refState(guid(n))).toBe('resolved')
    }
    expect(u.index.isDeclared(guid(50))).toBe(false) // the other version in the cache is not the one resolved
    const s = u.summary()
    expect(s.packageFiles.notOnDisk.map((x) => x.name)).toEqual(['com.gone'])
    expect(u.refState(guid(99))).toBe('unverifiable')
    expect(s.unresolved).toMatchObject({ distinct: 1, unverifiable: 1, missing: 0 })
    expect(s.problems.assets).toBe(0)
    const asset = u.index.asset('Packages/com.local/L.mat')!
    expect(asset.type).toBe('Material')
    expect(findRefs(u, 'Assets/Thing.prefab')!.dependencies.find((d) => d.guid === guid(4))).toMatchObject({ state: 'resolved', package: 'com.local' })
  })

  it('calls a GUID missing (a problem) only once every package the project needs was read', () => {
    const p = project({ 'com.a': '1.0.0' })
    pkg(path.join(p.root, 'Library', 'PackageCache', 'com.a@1.0.0'), 'com.a', '1.0.0', { 'A.mat': 1 })
    const u = UnityProject.open(p.root, { cacheDir: null })
    expect(u.refState(guid(1))).toBe('resolved')
    expect(u.refState(guid(99))).toBe('missing')
    const s = u.summary()
    expect(s.unresolved).toMatchObject({ missing: 6, unverifiable: 0 })
    expect(s.problems).toEqual({ assets: 1, byKind: { 'missing-reference': 1 } })
    expect(u.problems().byAsset.get('Assets/Thing.prefab')).toEqual(['missing-reference'])
  })

  it('never follows a link out of a package folder, and an embedded package wins over a cached copy', () => {
    const p = project({ 'com.a': '1.0.0', 'com.e': '1.0.0' })
    const a = path.join(p.root, 'Library', 'PackageCache', 'com.a@1.0.0')
    pkg(a, 'com.a', '1.0.0', { 'A.mat': 1 })
    pkg(path.join(tmp, 'secret'), 'secret', '1.0.0', { 'Secret.mat': 7 })
    fs.symlinkSync(path.join(tmp, 'secret'), path.join(a, 'Linked'))
    fs.symlinkSync(path.join(tmp, 'secret', 'Secret.mat'), path.join(a, 'Secret.mat'))
    pkg(path.join(p.root, 'Packages', 'com.e'), 'com.e', '1.0.0', { 'Mine.mat': 8 })
    pkg(path.join(p.root, 'Library', 'PackageCache', 'com.e@1.0.0'), 'com.e', '1.0.0', { 'Theirs.mat': 9 })
    const u = UnityProject.open(p.root, { cacheDir: null })
    expect(u.index.isDeclared(guid(7))).toBe(false)
    expect([...u.index.files.keys()].some((k) => k.includes('Secret') || k.includes('Linked'))).toBe(false)
    expect(u.index.pathOfGuid(guid(8))).toBe('Packages/com.e/Mine.mat')
    expect(u.index.isDeclared(guid(9))).toBe(false)
    expect(u.external.map((e) => e.name)).toEqual(['com.a'])
  })

  it('keeps package files in the persisted cache and re-reads them from their own folder', async () => {
    const p = project({ 'com.a': '1.0.0' })
    pkg(path.join(p.root, 'Library', 'PackageCache', 'com.a@1.0.0'), 'com.a', '1.0.0', { 'A.mat': 1 })
    const cacheDir = path.join(tmp, 'cache')
    UnityProject.open(p.root, { cacheDir })
    const again = await UnityProject.openAsync(p.root, { cacheDir, threads: 2, parallelFrom: 1 })
    expect(again.stats.cacheUsed).toBe(true)
    expect(again.index.pathOfGuid(guid(1))).toBe('Packages/com.a/A.mat')
    const fresh = await UnityProject.openAsync(p.root, { cacheDir: null, threads: 2, parallelFrom: 1 })
    expect(fresh.index.pathOfGuid(guid(1))).toBe('Packages/com.a/A.mat')
    expect(fresh.index.files.get('Packages/com.a/A.mat')?.storage).toBe('yaml')
  })
})
