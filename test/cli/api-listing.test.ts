import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { calls, events } from '../../src-shared/contract'
import { repoRoot } from '../../src-main/testing/fixtures'

const slate = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'slate.mjs'), ...args], { encoding: 'utf8' })

describe('slate api', () => {
  it('lists every call of the contract with its doc and every event with its delivery', () => {
    const r = slate('api', '--json')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as { calls: { name: string; doc: string; args: { type?: string } | null }[]; events: { name: string; doc: string; delivery: string }[] }
    expect(out.calls.map((c) => c.name).sort()).toEqual(Object.keys(calls).sort())
    expect(out.events.map((e) => e.name).sort()).toEqual(Object.keys(events).sort())
    for (const c of out.calls) expect(c.doc).toBe(calls[c.name as keyof typeof calls].doc)
    expect(out.calls.find((c) => c.name === 'files.open')!.args).toMatchObject({ type: 'object', required: ['path'] })
    expect(out.events.every((e) => /^(every message|latest, at most \d+(\.\d+)?\/s)/.test(e.delivery))).toBe(true)
    const human = slate('api')
    expect(human.stdout).toContain(`files.open`)
    expect(human.stdout).toContain(calls['files.open'].doc)
  })

  it('shows one call, and refuses a name the contract does not have', () => {
    const one = slate('api', 'project.open')
    expect(one.status).toBe(0)
    expect(one.stdout).toContain(calls['project.open'].doc)
    expect(one.stdout).toContain('"root"')
    const none = slate('api', 'no.such.call')
    expect(none.status).toBe(2)
    expect(none.stderr).toMatch(/no call or event "no.such.call"/)
  })

  it('is listed by slate --help', () => {
    expect(slate('--help').stdout).toMatch(/^ {2}api +list the API contract/m)
  })
})
