import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot } from '../testing/fixtures'
import { BRIDGE_PACKAGE, bridgePackageDir, bridgeState, changeBridge, newerVersion } from './bridge-package'

/** A minimal Unity project: what a teammate clones. */
function project(manifest: object): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bridge-'))
  fs.mkdirSync(path.join(root, 'ProjectSettings'))
  fs.writeFileSync(path.join(root, 'ProjectSettings', 'ProjectVersion.txt'), 'm_EditorVersion: 2022.3.10f1\n')
  fs.mkdirSync(path.join(root, 'Packages'))
  fs.writeFileSync(path.join(root, 'Packages', 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return root
}

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

const roots: string[] = []
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true })
})

describe('the portable bridge install', () => {
  it('embeds the package in Packages/com.slate.bridge and leaves no absolute path anywhere in the project', async () => {
    const root = project({ dependencies: { 'com.unity.ugui': '1.0.0' } })
    roots.push(root)
    await changeBridge(root, 'install', { apply: true })
    const embedded = path.join(root, 'Packages', BRIDGE_PACKAGE)
    const bundled = allFiles(bridgePackageDir()).map((f) => path.relative(bridgePackageDir(), f)).sort()
    expect(allFiles(embedded).map((f) => path.relative(embedded, f)).sort()).toEqual(bundled)
    for (const f of allFiles(root)) {
      const text = fs.readFileSync(f, 'utf8')
      expect(text, f).not.toContain(repoRoot)
      expect(text, f).not.toContain(os.tmpdir())
      expect(text, f).not.toMatch(/file:\//)
    }
    expect(JSON.parse(fs.readFileSync(path.join(root, 'Packages', 'manifest.json'), 'utf8'))).toEqual({ dependencies: { 'com.unity.ugui': '1.0.0' } })
    expect(await bridgeState(root)).toMatchObject({ state: 'embedded', updateAvailable: false })
  })

  it("replaces an older SLATE's machine-path manifest entry, and offers an update when SLATE carries a newer bridge", async () => {
    const root = project({ dependencies: { [BRIDGE_PACKAGE]: 'file:/home/someone/slate/resources/unity-package', 'com.unity.ugui': '1.0.0' } })
    roots.push(root)
    expect(await bridgeState(root)).toMatchObject({ state: 'reference', updateAvailable: true })
    const preview = await changeBridge(root, 'install', { apply: false })
    expect(preview.diff).toContain(`-    "${BRIDGE_PACKAGE}": "file:/home/someone`)
    expect(fs.existsSync(path.join(root, 'Packages', BRIDGE_PACKAGE))).toBe(false)
    await changeBridge(root, 'install', { apply: true, expectedBefore: preview.before })
    expect(fs.readFileSync(path.join(root, 'Packages', 'manifest.json'), 'utf8')).not.toContain(BRIDGE_PACKAGE)

    // An older embedded copy: SLATE's is newer, and a file the old one had and the new one lacks goes.
    const pkg = path.join(root, 'Packages', BRIDGE_PACKAGE, 'package.json')
    fs.writeFileSync(pkg, JSON.stringify({ ...JSON.parse(fs.readFileSync(pkg, 'utf8')), version: '0.0.1' }))
    fs.writeFileSync(path.join(root, 'Packages', BRIDGE_PACKAGE, 'Old.cs'), '// gone in the new bridge')
    expect(await bridgeState(root)).toMatchObject({ state: 'embedded', installedVersion: '0.0.1', updateAvailable: true })
    await changeBridge(root, 'install', { apply: true })
    expect(fs.existsSync(path.join(root, 'Packages', BRIDGE_PACKAGE, 'Old.cs'))).toBe(false)
    expect(await bridgeState(root)).toMatchObject({ updateAvailable: false })

    await changeBridge(root, 'remove', { apply: true })
    expect(await bridgeState(root)).toMatchObject({ state: 'none' })
  })

  it('compares versions numerically', () => {
    expect(newerVersion('1.10.0', '1.9.3')).toBe(true)
    expect(newerVersion('1.2.0', '1.2.0')).toBe(false)
    expect(newerVersion('0.1.0', null)).toBe(true)
  })

  it('slate bridge status|install --yes from the command line', () => {
    const root = project({ dependencies: {} })
    roots.push(root)
    const slate = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), 'bridge', ...args], { encoding: 'utf8' })
    expect(slate('status', root)).toMatchObject({ status: 1, stdout: expect.stringContaining('not installed') })
    const dry = slate('install', root)
    expect(dry.status).toBe(0)
    expect(dry.stdout).toContain('Nothing written')
    expect(fs.existsSync(path.join(root, 'Packages', BRIDGE_PACKAGE))).toBe(false)
    expect(slate('install', root, '--yes').status).toBe(0)
    const st = slate('status', root, '--json')
    expect(st.status).toBe(0)
    expect(JSON.parse(st.stdout)).toMatchObject({ state: 'embedded' })
    expect(slate('status', path.join(root, 'missing'))).toMatchObject({ status: 2, stderr: expect.stringContaining('does not exist') })
  })
})
