import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import bcrypt from 'bcryptjs'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../testing/fixtures'

/** `slate team` and `slate login` as whole processes: files, their modes, the --json shape. */
const run = promisify(execFile)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-team-cli-'))
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-team-data-'))
const out = path.join(dir, 'team')
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})
const slate = async (...args: string[]) => {
  try {
    const r = await run(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), ...args], { env: { ...process.env, SLATE_DATA_DIR: dataDir } })
    return { code: 0, ...r }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}
const mode = (f: string) => fs.statSync(f).mode & 0o777

describe('slate team', () => {
  it('init writes the three configurations and one credential per identity', async () => {
    const r = await slate('team', 'init', '--out', out, '--user', 'alice:lead', '--user', 'bob:artist', '--user', 'farm1:worker', '--json')
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { users: { name: string; role: string; password: string }[]; files: Record<string, string> }
    expect(j.users.map((u) => `${u.name}:${u.role}`)).toEqual(['alice:lead', 'bob:artist', 'farm1:worker'])
    expect(Object.keys(j.files).sort()).toEqual(['nats', 'postgres', 'redis'])
    const nats = fs.readFileSync(j.files.nats, 'utf8')
    const team = fs.readFileSync(path.join(out, 'team.json'), 'utf8')
    for (const u of j.users) {
      expect(nats).not.toContain(u.password)
      expect(team).not.toContain(u.password)
      expect(fs.readFileSync(j.files.postgres, 'utf8')).not.toContain(u.password)
      const hash = new RegExp(`user: "${u.name}", password: "([^"]+)"`).exec(nats)![1]
      expect(bcrypt.compareSync(u.password, hash.replace(/^\$2a\$/, '$2b$'))).toBe(true)
      const cred = path.join(out, 'credentials', `${u.name}.json`)
      expect(JSON.parse(fs.readFileSync(cred, 'utf8')).password).toBe(u.password)
      expect(mode(cred)).toBe(0o600)
    }
    for (const f of Object.values(j.files)) expect(mode(f)).toBe(0o600)
  })

  it('refuses a bad role or a second init, with a clear message', async () => {
    const bad = await slate('team', 'init', '--out', path.join(dir, 'x'), '--user', 'carol:boss')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/"boss" is not a role/)
    const again = await slate('team', 'init', '--out', out, '--user', 'dave:viewer')
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already holds a team/)
  })

  it('add-user, rotate and remove-user keep the configurations in step', async () => {
    const add = JSON.parse((await slate('team', 'add-user', '--out', out, 'dave:viewer', '--json')).stdout)
    expect(fs.readFileSync(path.join(out, 'nats.conf'), 'utf8')).toContain('user: "dave"')
    const before = fs.readFileSync(path.join(out, 'nats.conf'), 'utf8')
    const rot = JSON.parse((await slate('team', 'rotate', '--out', out, 'dave', '--json')).stdout)
    expect(rot.user.password).not.toBe(add.user.password)
    expect(fs.readFileSync(path.join(out, 'nats.conf'), 'utf8')).not.toBe(before)
    const rm = await slate('team', 'remove-user', '--out', out, 'dave', '--json')
    expect(rm.code, rm.stderr).toBe(0)
    expect(fs.readFileSync(path.join(out, 'nats.conf'), 'utf8')).not.toContain('user: "dave"')
    expect(fs.readFileSync(path.join(out, 'postgres.sql'), 'utf8')).toMatch(/ALTER ROLE "slate_u_dave" NOLOGIN/)
    expect(fs.existsSync(path.join(out, 'credentials', 'dave.json'))).toBe(false)
  })

  it('login stores the credentials in a 0600 file of the data folder', async () => {
    const r = await slate('login', '--credentials', path.join(out, 'credentials', 'bob.json'))
    expect(r.code, r.stderr).toBe(0)
    const file = path.join(dataDir, 'credentials.json')
    expect(mode(file)).toBe(0o600)
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).name).toBe('bob')
  })
})
