import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot, unityFixture } from '../testing/fixtures'
import { commands } from './commands'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-msg-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

function slate(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SLATE_DATA_DIR: dataDir, SLATE_DATABASE_URL: '', SLATE_NATS_URL: '', SLATE_REDIS_URL: '' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('every flag of every command is in its --help', () => {
  it.each(commands.map((c) => c.name))('%s', async (name) => {
    const entry = commands.find((c) => c.name === name)!
    const cmd = await entry.load()
    const source = fs.readFileSync(path.join(repoRoot, 'src-main', 'cli', 'commands', `${name}.ts`), 'utf8')
    // The parseArgs options of the command: `name: { type: …` (quoted or not).
    const flags = [...source.matchAll(/'?([a-z][\w-]*)'?\s*:\s*\{\s*type:\s*'(?:string|boolean)'/g)].map((m) => m[1])
    // A command that parses options must have them found here, or this test would check nothing.
    if (/parseArgs\(/.test(source)) expect(flags.length).toBeGreaterThan(0)
    for (const f of flags) expect(cmd.usage, `--${f} of slate ${name}`).toContain(`--${f}`)
  })
})

describe('messages a person can act on', () => {
  it('a path that does not exist is said to be missing, not "not a Unity project"', () => {
    for (const cmd of [['build', '--target', 'Android'], ['history'], ['index'], ['bridge', 'status']]) {
      const args = cmd[0] === 'bridge' ? [...cmd, '/no/such/project'] : [cmd[0], '/no/such/project', ...cmd.slice(1)]
      const r = slate(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toContain('"/no/such/project" does not exist')
      expect(r.stderr).not.toContain('not a Unity project')
    }
  })

  it('slate build --scenes builds exactly the scenes given, in order, and refuses one that is not there', () => {
    const project = unityFixture('NavMeshComponents')
    const scenes = ['Assets/Examples/Scenes/7_dungeon.unity', 'Assets/Examples/Scenes/6_modify_mesh.unity']
    const ok = slate('build', project, '--target', 'StandaloneLinux64', '--scenes', scenes.join(','), '--dry-run', '--unity', process.execPath)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain(`-slateScenes '${scenes.join(';')}'`)
    const bad = slate('build', project, '--target', 'StandaloneLinux64', '--scenes', 'Assets/Nope.unity', '--dry-run', '--unity', process.execPath)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Scene "Assets/Nope.unity" does not exist')
  })

  it('an empty history says "No builds yet."', () => {
    const r = slate('history', unityFixture('NavMeshComponents'))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^No builds yet\./m)
  })
})
