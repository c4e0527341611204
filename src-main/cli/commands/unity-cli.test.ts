import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot, unityFixture } from '../../testing/fixtures'

/** `slate index` and `slate refs` as a user runs them: a real process, stdout, stderr, exit code. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-unity-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

function slate(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, SLATE_DATA_DIR: dataDir },
    maxBuffer: 64 * 1024 * 1024,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('slate index', () => {
  it('--json prints the issue’s fields with the exact figures', () => {
    const r = slate('index', unityFixture('NavMeshComponents'), '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(Object.keys(j).slice(0, 10)).toEqual(['unityVersion', 'productName', 'assets', 'guids', 'references', 'unresolved', 'scenesInBuild', 'packages', 'diagnostics', 'timings'])
    expect(j).toMatchObject({
      unityVersion: '5.6.0f3',
      guids: { declared: 94 },
      references: { occurrences: 907, distinctGuids: 53 },
      unresolved: { distinct: 4, builtin: 2 },
      scenesInBuild: [],
      packages: [],
    })
    expect(j.diagnostics[0]).toEqual({ kind: expect.any(String), path: expect.any(String), message: expect.any(String) })
    expect(j.timings.totalMs).toBeTypeOf('number')
  })

  it('prints tables and counts without --json, and gives the same figures from its cache', () => {
    const r = slate('index', unityFixture('BoatAttack'))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/GUIDs declared\s+737/)
    expect(r.stdout).toMatch(/References\s+18307 occurrences of 481 GUIDs/)
    expect(r.stdout).toMatch(/Scenes in build \(2 of 4 enabled\)/)
    expect(r.stdout).toContain('case-mismatch')
    const again = JSON.parse(slate('index', unityFixture('BoatAttack'), '--json').stdout)
    expect(again.cache).toEqual({ used: true, reread: 0 })
    expect(again.references).toEqual({ occurrences: 18307, distinctGuids: 481 })
  })

  it('fails with a message on stderr for a folder that is not a Unity project', () => {
    const r = slate('index', dataDir)
    expect(r.code).not.toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/not a Unity project/)
  })
})

describe('slate refs', () => {
  it('--json prints {asset, dependencies, usedBy} for a path and for a GUID', () => {
    const byPath = JSON.parse(slate('refs', unityFixture('BoatAttack'), 'Assets/scenes/main_menu.unity', '--json').stdout)
    expect(Object.keys(byPath)).toEqual(['asset', 'dependencies', 'usedBy'])
    expect(byPath.asset).toEqual({ path: 'Assets/scenes/main_menu.unity', guid: 'c817c1b09586c49e5b4a849ce1cf119b', type: 'Scene' })
    expect(byPath.dependencies.length).toBeGreaterThan(5)
    const byGuid = JSON.parse(slate('refs', unityFixture('BoatAttack'), 'c817c1b09586c49e5b4a849ce1cf119b', '--json').stdout)
    expect(byGuid.asset.path).toBe('Assets/scenes/main_menu.unity')
  })

  it('exits non-zero with a message for an unknown asset', () => {
    const r = slate('refs', unityFixture('BoatAttack'), 'Assets/none.prefab')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/no asset/)
  })
})
