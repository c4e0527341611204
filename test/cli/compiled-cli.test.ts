import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot } from '../../src-main/testing/fixtures'

// bin/slate.mjs runs the compiled CLI in out/cli and rebuilds it when a source it was built from
// changed; scripts/build-cli.mjs decides "changed" from the stamp it writes.
interface BuildCli {
  isStale(outDir: string, base: string): boolean
}
const buildCli = (await import(path.join(repoRoot, 'scripts', 'build-cli.mjs'))) as BuildCli

const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function stampDir(builtAt: number, inputs: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-stamp-'))
  temps.push(dir)
  fs.writeFileSync(path.join(dir, 'inputs.json'), JSON.stringify({ builtAt, inputs }))
  return dir
}

describe('the compiled slate command', () => {
  it('runs from out/cli without a note and lists every source it was built from', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'slate.mjs'), '--version'], { encoding: 'utf8', env: { ...process.env, SLATE_CLI_FROM_SOURCE: '' } })
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
    expect(r.stderr).toBe('')
    const stamp = JSON.parse(fs.readFileSync(path.join(repoRoot, 'out', 'cli', 'inputs.json'), 'utf8')) as { inputs: string[] }
    expect(stamp.inputs).toContain(path.join('src-main', 'cli', 'index.ts'))
    expect(stamp.inputs).toContain(path.join('src-main', 'unity', 'index', 'facts-worker.ts'))
    expect(fs.existsSync(path.join(repoRoot, 'out', 'cli', 'facts-worker.js'))).toBe(true)
    expect(buildCli.isStale(path.join(repoRoot, 'out', 'cli'), repoRoot)).toBe(false)
  })

  it('is stale when a source is newer than the build, gone, or the stamp is missing', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-src-'))
    temps.push(base)
    fs.writeFileSync(path.join(base, 'a.ts'), 'export {}')
    const written = fs.statSync(path.join(base, 'a.ts')).mtimeMs
    expect(buildCli.isStale(stampDir(written + 1000, ['a.ts']), base)).toBe(false)
    expect(buildCli.isStale(stampDir(written - 1000, ['a.ts']), base)).toBe(true)
    expect(buildCli.isStale(stampDir(written + 1000, ['a.ts', 'gone.ts']), base)).toBe(true)
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-none-'))
    temps.push(empty)
    expect(buildCli.isStale(empty, base)).toBe(true)
  })
})
