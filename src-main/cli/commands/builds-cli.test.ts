import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../testing/fixtures'
import { lineScan } from '../../builds/report/testing/line-scan'

/** `slate builds diff` as CI runs it: a real process, two report files, no database started. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-sizes-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))
const DIR = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'buildreports')
const A = path.join(DIR, 'Build_2020-26-Feb-16-32-33.buildreport')
const B = path.join(DIR, 'Build_2020-26-Feb-16-37-00.buildreport')

function slate(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), ...args], { cwd: repoRoot, env: { ...process.env, SLATE_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('slate builds diff', () => {
  it('--json: exactly total, files, assets, sorted by |delta|, with the line scan figures', () => {
    const r = slate('builds', 'diff', A, B, '--json')
    expect(r.code, r.err).toBe(0)
    const json = JSON.parse(r.out)
    expect(Object.keys(json)).toEqual(['total', 'files', 'assets'])
    const [sa, sb] = [lineScan(fs.readFileSync(A, 'utf8')), lineScan(fs.readFileSync(B, 'utf8'))]
    expect(json.total).toEqual({ before: sa.summaryTotal, after: sb.summaryTotal, delta: sb.summaryTotal - sa.summaryTotal })
    const expected = [...sa.files]
      .map(([p, f]) => ({ name: p.split('/').pop(), delta: (sb.files.get(p)?.size ?? 0) - f.size }))
      .filter((f) => f.delta)
      .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
    expect(json.files.map((f: { path: string; delta: number }) => ({ name: f.path.split('/').pop(), delta: f.delta }))).toEqual(expected)
    for (const f of json.files) expect(Object.keys(f)).toEqual(['path', 'role', 'before', 'after', 'delta'])
    expect(json.assets).toEqual([])
  })

  it('--budget: within passes, over fails with exit 1 and says why; a bad limit is a usage error', () => {
    const ok = slate('builds', 'diff', A, B, '--json', '--budget', '70MB,+1%')
    expect(ok.code, ok.err).toBe(0)
    expect(JSON.parse(ok.out).budget.state).toBe('ok')
    const over = slate('builds', 'diff', A, B, '--md', '--budget', '60MB')
    expect(over.code).toBe(1)
    expect(over.out).toContain('**Budget: ❌ fail**')
    expect(over.out).toContain('is over the budget of 60.0 MB')
    const warn = slate('builds', 'diff', A, B, '--json', '--budget', 'warn:60MB')
    expect(warn.code).toBe(0)
    expect(JSON.parse(warn.out).budget.state).toBe('warn')
    expect(warn.err).toMatch(/budget warn/)
    const bad = slate('builds', 'diff', A, B, '--budget', 'lots')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/expected e.g. 100MB/)
  })

  it('--csv and --md for spreadsheets and CI comments', () => {
    const csv = slate('builds', 'diff', A, B, '--csv')
    expect(csv.code).toBe(0)
    const lines = csv.out.trim().split('\n')
    expect(lines[0]).toBe('section,change,path,guid,type,role,before,after,delta')
    expect(lines[1]).toMatch(/^total,unchanged,/)
    expect(lines.filter((l) => l.startsWith('file,'))).toHaveLength(2)
    const md = slate('builds', 'diff', A, B, '--md')
    expect(md.out).toMatch(/^### Build size: 68\.0 MB → 68\.0 MB, ±0 B/)
    expect(md.out).toContain('| `kek.apk` | APK | shrunk |')
  })

  it('a binary report is refused with what to do instead; a missing build is named', () => {
    const bin = path.join(dataDir, 'LastBuild.buildreport')
    fs.writeFileSync(bin, Buffer.from([0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0x15, 0, 0, 0, 0]))
    const r = slate('builds', 'diff', bin, B)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/binary format/)
    expect(r.err).toMatch(/bridge/)
    expect(slate('builds', 'diff', 'not-a-file-or-id!', B).code).toBe(2)
  })
})
