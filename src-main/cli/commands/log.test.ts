import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { logFixture, repoRoot } from '../../testing/fixtures'

/** `slate log` as a CI script runs it: a real process, its stdout, its exit code. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-log-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function slate(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), 'log', ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('slate log', () => {
  it('--json on the failed Android build: verdict failed, exit 1, the Gradle failure among the error entries', () => {
    const r = slate(logFixture(2), '--json')
    expect(r.code).toBe(1)
    const j = JSON.parse(r.stdout) as { summary: Record<string, unknown>; entries: Array<Record<string, unknown>> }
    expect(j.summary).toMatchObject({ verdict: 'failed', errors: expect.any(Number), warnings: expect.any(Number), durationSeconds: 71.375 })
    expect(j.summary.firstError).toMatchObject({ file: expect.stringMatching(/^Assets\//), line: expect.any(Number) })
    expect(j.entries.every((e) => e.level === 'error' || e.level === 'exception')).toBe(true)
    expect(j.entries.filter((e) => e.code === 'CS0246').length).toBeGreaterThan(0)
    expect(j.entries.find((e) => e.tool === 'gradle')).toMatchObject({ level: 'error', headline: expect.stringContaining('checkReleaseDuplicateClasses') })
    expect(j.entries.find((e) => String(e.message).startsWith('CommandInvokationFailure'))?.level).toBe('error')
    expect(j.entries.some((e) => String(e.message).startsWith('Picked up JAVA_TOOL_OPTIONS'))).toBe(false)
  })

  it('text on the successful build: exit 0 and a summary a person reads', () => {
    const r = slate(logFixture(1))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Build SUCCEEDED \(Success\) in 26\.8 s$/m)
    expect(r.stdout).toContain('decided by line')
  })

  it('exit 3 and "unknown" when the log does not say; --level info lists every entry', () => {
    const file = path.join(tmp, 'session.log')
    fs.writeFileSync(file, 'Refresh completed in 0.04 seconds.\nError: something\n')
    const r = slate(file, '--json', '--all')
    expect(r.code).toBe(3)
    const j = JSON.parse(r.stdout) as { summary: { verdict: string }; entries: unknown[] }
    expect(j.summary.verdict).toBe('unknown')
    expect(j.entries).toHaveLength(2)
  })

  it('a missing file or a folder is a clear error with exit 2', () => {
    expect(slate(path.join(tmp, 'nope.log'))).toMatchObject({ code: 2, stderr: expect.stringContaining('does not exist') })
    expect(slate(tmp)).toMatchObject({ code: 2, stderr: expect.stringContaining('is a folder') })
  })
})
