import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { retargetProfile } from '../../src-shared/build-targets'
import type { BuildProfile, UnityDiscovery } from '../../src-shared/types-builds'
import { InProcessWorkQueue } from '../bus/work-queue'
import { changeBridge } from './bridge-package'
import { defaultProfile, validateProfile } from './profiles'
import { checkReadiness, defaultDockerPing } from './readiness'
import { explainDockerError } from './runners/docker-errors'
import { discoverUnity, realDiscoveryEnv } from './unity-discovery'

const roots: string[] = []
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true })
})

function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-ready-'))
  roots.push(root)
  fs.mkdirSync(path.join(root, 'ProjectSettings'))
  fs.writeFileSync(path.join(root, 'ProjectSettings', 'ProjectVersion.txt'), 'm_EditorVersion: 2022.3.10f1\n')
  fs.mkdirSync(path.join(root, 'Packages'))
  fs.writeFileSync(path.join(root, 'Packages', 'manifest.json'), '{\n  "dependencies": {}\n}\n')
  return root
}

/** A Unity install laid out as the Hub does on Linux: `<version>/Editor/Unity` and its PlaybackEngines. */
function fakeEditor(modules: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-editor-'))
  roots.push(dir)
  const exe = path.join(dir, '2022.3.10f1', 'Editor', 'Unity')
  fs.mkdirSync(path.dirname(exe), { recursive: true })
  fs.writeFileSync(exe, '')
  for (const m of modules) fs.mkdirSync(path.join(dir, '2022.3.10f1', 'Editor', 'Data', 'PlaybackEngines', m), { recursive: true })
  return exe
}

const found = (exe: string): UnityDiscovery => ({ projectVersion: '2022.3.10f1', editors: [{ version: '2022.3.10f1', path: exe, source: 'setting' }], match: { version: '2022.3.10f1', path: exe, source: 'setting' }, message: null })
const errorsOf = (issues: { field: string; severity: string; message: string }[], field: string) => issues.filter((i) => i.field === field && i.severity === 'error')

describe('builds say "Ready" only when they are', () => {
  it('no Unity found: an error that says which version and what to do, without CLI flags', async () => {
    const root = project()
    await changeBridge(root, 'install', { apply: true })
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-home-'))
    roots.push(home)
    const discovery = discoverUnity('2022.3.10f1', realDiscoveryEnv({ env: {}, home, platform: 'linux' }))
    const issues = await checkReadiness({ projectRoot: root, profile: defaultProfile('StandaloneLinux64'), runner: 'local', discovery })
    const [e] = errorsOf(issues, 'editor')
    expect(e.message).toContain('No Unity 2022.3.10f1 editor was found')
    expect(e.message).not.toContain('--unity')
    expect(issues.filter((i) => i.severity === 'error')).toHaveLength(1)
  })

  it("the editor lacks the target's Build Support module", async () => {
    const root = project()
    await changeBridge(root, 'install', { apply: true })
    const exe = fakeEditor(['LinuxStandaloneSupport', 'WebGLSupport'])
    const android = await checkReadiness({ projectRoot: root, profile: defaultProfile('Android'), runner: 'local', discovery: found(exe) })
    expect(errorsOf(android, 'editor')[0].message).toContain('no Android Build Support module (PlaybackEngines/AndroidPlayer)')
    const webgl = await checkReadiness({ projectRoot: root, profile: defaultProfile('WebGL'), runner: 'local', discovery: found(exe) })
    expect(webgl.filter((i) => i.severity === 'error')).toEqual([])
  })

  it('no bridge in the project', async () => {
    const root = project()
    const exe = fakeEditor(['LinuxStandaloneSupport'])
    const issues = await checkReadiness({ projectRoot: root, profile: defaultProfile('StandaloneLinux64'), runner: 'local', discovery: found(exe) })
    expect(errorsOf(issues, 'bridge')[0].message).toContain('Bridge package tab')
    await changeBridge(root, 'install', { apply: true })
    expect(errorsOf(await checkReadiness({ projectRoot: root, profile: defaultProfile('StandaloneLinux64'), runner: 'local', discovery: found(exe) }), 'bridge')).toEqual([])
  })

  it('Docker not running: the raw socket error becomes words with what to do', async () => {
    const root = project()
    await changeBridge(root, 'install', { apply: true })
    const saved = process.env.DOCKER_HOST
    const sock = path.join(root, 'no-docker.sock')
    process.env.DOCKER_HOST = `unix://${sock}`
    try {
      const issues = await checkReadiness({ projectRoot: root, profile: defaultProfile('StandaloneLinux64'), runner: 'docker', discovery: found('/nowhere/Unity') })
      const [e] = errorsOf(issues, 'runner')
      expect(e.message).toMatch(new RegExp(`^Docker is not running or not reachable at unix://${sock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; start Docker or set DOCKER_HOST`))
      // The local editor does not matter to a Docker build.
      expect(errorsOf(issues, 'editor')).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST
      else process.env.DOCKER_HOST = saved
    }
    expect(explainDockerError(Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' }), {})).toContain('Docker is not running or not reachable at unix:///var/run/docker.sock')
  })

  it('Docker running (the engine of this machine, when it is up): no runner issue', async () => {
    if (!process.env.DOCKER_HOST || !fs.existsSync(process.env.DOCKER_HOST.replace(/^unix:\/\//, ''))) return
    expect(await defaultDockerPing()).toBeNull()
  })

  it('the farm: solo mode has no workers; a worker consuming the target makes it ready', async () => {
    const root = project()
    await changeBridge(root, 'install', { apply: true })
    const queue = new InProcessWorkQueue<unknown>()
    const profile = defaultProfile('Android')
    const ask = () => checkReadiness({ projectRoot: root, profile, runner: 'farm', discovery: found('/nowhere/Unity'), farmWorkers: (t) => queue.workers(t) })
    expect(errorsOf(await checkReadiness({ projectRoot: root, profile, runner: 'farm', discovery: found('/nowhere/Unity'), farmWorkers: async () => null }), 'runner')[0].message).toContain('team servers')
    expect(errorsOf(await ask(), 'runner')[0].message).toContain('No farm worker is taking Android builds')
    const worker = await queue.consume(async () => undefined, { targets: ['Android'] })
    try {
      expect(errorsOf(await ask(), 'runner')).toEqual([])
    } finally {
      await worker.stop()
    }
  })
})

describe('profiles that fit their target', () => {
  const ctx = { projectRoot: '/p', buildSettingsScenes: ['Assets/A.unity'] }
  it('an .exe output for Android (or a file for iOS) is an error; .apk/.aab and folders are fine', () => {
    const android = { ...defaultProfile('Android'), outputPath: 'Builds/Game.exe' }
    expect(validateProfile(android, ctx).issues.find((i) => i.field === 'outputPath')?.message).toMatch(/\.apk or \.aab/)
    expect(validateProfile({ ...android, outputPath: 'Builds/Game.aab' }, ctx).ok).toBe(true)
    expect(validateProfile({ ...android, outputPath: 'Builds/Game.apk', platform: { android: { format: 'aab' } } }, ctx).ok).toBe(false)
    expect(validateProfile({ ...defaultProfile('iOS'), outputPath: 'Builds/Game.ipa' }, ctx).ok).toBe(false)
    expect(validateProfile({ ...defaultProfile('StandaloneWindows64'), outputPath: 'Builds/Game.apk' }, ctx).ok).toBe(false)
  })

  it('a profile follows its target: name, id and output path; what the user chose is kept', () => {
    const win = defaultProfile('StandaloneWindows64', 'development', 'Boat')
    const android = retargetProfile(win, 'Android', 'Boat')
    expect(android).toMatchObject({ target: 'Android', id: 'android-development', name: 'Android (development)', outputPath: 'Builds/Android/Boat.apk' })
    const custom: BuildProfile = { ...win, name: 'Nightly', id: 'nightly', outputPath: 'Out/Nightly/Boat.exe' }
    expect(retargetProfile(custom, 'WebGL', 'Boat')).toMatchObject({ name: 'Nightly', id: 'nightly', outputPath: 'Builds/WebGL' })
    expect(validateProfile(retargetProfile(custom, 'Android', 'Boat'), ctx).issues.filter((i) => i.field === 'outputPath')).toEqual([])
  })

  it('no SLATE_* define is added unless the profile asks', () => {
    for (const type of ['development', 'staging', 'production'] as const) expect(defaultProfile('Android', type).defines).toEqual([])
  })

  it('platform settings: secrets only as variable names, API levels and architectures checked', () => {
    const base = { ...defaultProfile('Android', 'production'), backend: 'IL2CPP' as const }
    const withKey = (passwordEnv: string) => ({ ...base, platform: { android: { keystore: { path: 'k.jks', alias: 'a', passwordEnv, aliasPasswordEnv: 'KEY_PASS' } } } })
    expect(validateProfile(withKey('hunter2 is my password'), ctx).ok).toBe(false)
    const warned = validateProfile(withKey('STORE_PASS'), { ...ctx, env: {}, fileExists: () => false })
    expect(warned.ok).toBe(true)
    expect(warned.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['platform.android.keystore.path', 'platform.android.keystore.passwordEnv']))
    expect(validateProfile({ ...base, platform: { android: { minSdk: 30, targetSdk: 29 } } }, ctx).ok).toBe(false)
    expect(validateProfile({ ...base, backend: 'Mono', platform: { android: { architectures: ['ARM64'] } } }, ctx).ok).toBe(false)
    expect(validateProfile({ ...defaultProfile('iOS'), platform: { ios: { signing: 'manual' } } }, ctx).ok).toBe(false)
  })
})

describe('platform settings reach Unity through the bridge', () => {
  it("only the target's own settings, as one -slatePlatform JSON argument; passwords as variable names", async () => {
    const { unityArguments } = await import('./command-line')
    const profile: BuildProfile = {
      ...defaultProfile('Android', 'staging'),
      backend: 'IL2CPP',
      platform: { android: { format: 'aab', minSdk: 24, architectures: ['ARM64'], keystore: { path: 'k.jks', alias: 'up', passwordEnv: 'STORE_PASS', aliasPasswordEnv: 'KEY_PASS' } }, ios: { teamId: 'ABCDE12345' } },
    }
    const args = unityArguments({ profile, projectPath: '/p', reportPath: '/r', outputPath: '/o.aab', scenes: ['Assets/A.unity'], unityVersion: '2022.3.10f1', jobId: 'j' })
    const json = JSON.parse(args[args.indexOf('-slatePlatform') + 1]) as Record<string, unknown>
    expect(json).toEqual(profile.platform!.android)
    const noPlatform = unityArguments({ profile: defaultProfile('StandaloneLinux64'), projectPath: '/p', reportPath: '/r', outputPath: '/o', scenes: ['Assets/A.unity'], unityVersion: null, jobId: 'j' })
    expect(noPlatform).not.toContain('-slatePlatform')
    expect(noPlatform).not.toContain('-slateDefines')
  })
})

describe('runner failures in words', () => {
  it('a Unity path that is gone, or not a program, says what to do', async () => {
    const { spawn } = await import('node:child_process')
    const { explainSpawnError } = await import('./runners/local-runner')
    const spawnError = (p: string) =>
      new Promise<NodeJS.ErrnoException>((resolve) => {
        const c = spawn(p, [])
        c.on('error', resolve)
        c.on('exit', () => resolve(Object.assign(new Error('ran'), { code: 'RAN' })))
      })
    const gone = path.join(os.tmpdir(), 'slate-no-unity-here', 'Unity')
    expect(explainSpawnError(gone, await spawnError(gone))).toMatch(/^There is no Unity editor at .*: install the project's version with Unity Hub or correct the Unity path in Settings\. \(spawn .* ENOENT\)$/)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-not-exec-'))
    roots.push(dir)
    const notExec = path.join(dir, 'Unity')
    fs.writeFileSync(notExec, 'not a program', { mode: 0o644 })
    expect(explainSpawnError(notExec, await spawnError(notExec))).toContain('may not be run by this user')
  })
})
