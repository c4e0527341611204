import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../testing/fixtures'
import { boatAttackWithPackageCache, packageCacheFixture } from '../../testing/package-cache-copy'
import { packDir, startTestRegistry, type TestRegistry } from '../../testing/npm-registry'

/** `slate packages fetch` as a CI script runs it: a real process against a registry on loopback. */
const run = promisify(execFile)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-packages-'))
const copy = boatAttackWithPackageCache({ packages: false })
let registry: TestRegistry

async function slate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), ...args], { cwd: repoRoot, env: { ...process.env, SLATE_DATA_DIR: dataDir }, maxBuffer: 64 * 1024 * 1024 })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

beforeAll(async () => {
  const served: Record<string, Record<string, { tgz: Buffer }>> = {}
  for (const dir of fs.readdirSync(packageCacheFixture)) {
    const [name, version] = dir.split('@')
    served[name] = { [version]: { tgz: packDir(path.join(packageCacheFixture, dir)) } }
  }
  registry = await startTestRegistry(served)
})
afterAll(async () => {
  await registry?.close()
  copy.dispose()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('slate packages fetch', () => {
  it('fetches into the data folder, exits 1 because some packages are on no registry here, and slate index then resolves them', async () => {
    const before = JSON.parse((await slate('index', copy.root, '--json', '--no-cache')).stdout)
    expect(before.packageFiles.read).toBe(0)
    const r = await slate('packages', 'fetch', copy.root, '--registry', registry.url, '--json')
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.cacheDir).toBe(path.join(dataDir, 'packages'))
    expect(report.fetched).toBe(3)
    expect(report.items.find((i: { name: string }) => i.name === 'com.unity.timeline')).toMatchObject({ status: 'failed', message: `${registry.url} does not have com.unity.timeline` })
    const after = JSON.parse((await slate('index', copy.root, '--json', '--no-cache')).stdout)
    expect(after.packageFiles.read).toBe(3)
    expect(after.unresolved.distinct).toBe(before.unresolved.distinct - 56)
    expect(after.assets.total).toBe(before.assets.total)
  })

  it('says what is wrong with its arguments', async () => {
    const r = await slate('packages', 'fetch', copy.root, '--registry', 'not a url')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--registry must be an http:\/\/ or https:\/\/ URL/)
    expect((await slate('packages', 'fetch')).stderr).toMatch(/expected one project folder/)
  })
})
