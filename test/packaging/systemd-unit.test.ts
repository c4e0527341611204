import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const UNIT = path.resolve(__dirname, '../../resources/systemd/slate-services.service')
const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' })
const hasAnalyze = analyze.status === 0

/**
 * The example unit under resources/ as systemd itself reads it: `systemd-analyze verify` names
 * every key it does not know or cannot parse (it would ignore them at install, silently dropping
 * a hardening line). Skipped, and says so, where systemd's tools are not installed.
 */
describe('resources/systemd/slate-services.service', () => {
  if (!hasAnalyze) console.warn('*** SKIPPED: systemd-analyze is not installed: the example unit is not verified ***')

  it.skipIf(!hasAnalyze)('is read by systemd without a complaint', () => {
    const r = spawnSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8' })
    expect(r.stderr + r.stdout).toBe('')
    expect(r.status).toBe(0)
  })

  it.skipIf(!hasAnalyze)('(the check itself) names a key systemd does not know', () => {
    const bad = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'slate-unit-')), 'slate-services.service')
    fs.writeFileSync(bad, fs.readFileSync(UNIT, 'utf8').replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'))
    const r = spawnSync('systemd-analyze', ['verify', bad], { encoding: 'utf8' })
    expect(r.stderr).toMatch(/Unknown key 'NoNewPrivilege'/)
    fs.rmSync(path.dirname(bad), { recursive: true, force: true })
  })

  it('runs as a user of its own with no capabilities and a read-only system', () => {
    const unit = fs.readFileSync(UNIT, 'utf8')
    for (const line of ['DynamicUser=yes', 'NoNewPrivileges=yes', 'CapabilityBoundingSet=', 'ProtectSystem=strict', 'KillSignal=SIGTERM']) expect(unit.split('\n')).toContain(line)
  })
})
