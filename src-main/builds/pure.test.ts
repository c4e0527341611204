import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { logFixture, unityFixture } from '../testing/fixtures'
import { LineSplitter } from '../logs'
import { formatCommandLine, unityArguments } from './command-line'
import { defaultProfile, validateProfile } from './profiles'
import { parseBuildSettingsScenes, readBuildSettingsScenes } from './scenes'
import { StageTracker } from './stages'
import { discoverUnity, editorExecutable, type DiscoveryEnv } from './unity-discovery'
import { decideVerdict, parseBridgeReport, type VerdictInput } from './verdict'
import { BUILD_TARGETS, BUILD_TYPES, type BridgeBuildReport } from '../../src-shared/types-builds'
import { summaryFields } from './import-build-history'

const ctx = { projectRoot: '/p', buildSettingsScenes: ['Assets/Main.unity'] }

describe('profile validation', () => {
  it('every default profile of every target and type is valid', () => {
    for (const t of BUILD_TARGETS) for (const ty of BUILD_TYPES) expect(validateProfile(defaultProfile(t, ty), ctx).issues.filter((i) => i.severity === 'error'), `${t} ${ty}`).toEqual([])
  })

  it('says why a profile is wrong', () => {
    const p = defaultProfile('iOS', 'staging')
    const bad = { ...p, backend: 'Mono', outputPath: 'Assets/Build', defines: ['OK', '1BAD'], options: { ...p.options, waitForManagedDebugger: true } }
    const byField = Object.fromEntries(validateProfile(bad, ctx).issues.map((i) => [i.field, i.message]))
    expect(byField.backend).toMatch(/iOS supports only the IL2CPP/)
    expect(byField.outputPath).toMatch(/inside Assets\/: Unity would import the built player/)
    expect(byField['defines[1]']).toMatch(/"1BAD" is not a valid scripting define/)
    expect(byField['options.waitForManagedDebugger']).toMatch(/needs script debugging/)
    expect(validateProfile({ ...p, target: 'Dreamcast' }, ctx).issues[0].field).toBe('target')
  })

  it('a profile without scenes and an empty EditorBuildSettings cannot build', () => {
    const v = validateProfile(defaultProfile('Android'), { ...ctx, buildSettingsScenes: [] })
    expect(v.ok).toBe(false)
    expect(v.issues[0].message).toMatch(/EditorBuildSettings has no enabled scenes/)
  })
})

describe('EditorBuildSettings scenes', () => {
  it('reads BoatAttack in order with enabled flags, and the empty list of 2d-techdemos', async () => {
    const scenes = await readBuildSettingsScenes(unityFixture('BoatAttack'))
    expect(scenes.map((s) => [s.path, s.enabled])).toEqual([
      ['Assets/scenes/demo_Island.unity', true],
      ['Assets/scenes/main_menu.unity', false],
      ['Assets/scenes/_levels/level_Island.unity', false],
      ['Assets/scenes/Testing/benchmark_island-static.unity', true],
    ])
    expect(await readBuildSettingsScenes(unityFixture('2d-techdemos'))).toEqual([])
    expect(parseBuildSettingsScenes('EditorBuildSettings:\r\n  m_Scenes:\r\n  - enabled: 1\r\n    path: A.unity\r\n    guid: x\r\n')).toEqual([{ enabled: true, path: 'A.unity', guid: 'x' }])
  })
})

describe('command line', () => {
  it('is exactly what the issue specifies, then the profile', () => {
    const args = unityArguments({ profile: defaultProfile('StandaloneWindows64', 'production', 'My Game'), projectPath: '/p', reportPath: '/r.json', outputPath: '/o/My_Game.exe', scenes: ['Assets/A.unity', 'Assets/B.unity'], unityVersion: '2022.3.10f1', jobId: 'j1' })
    expect(args.slice(0, 13)).toEqual(['-batchmode', '-quit', '-nographics', '-projectPath', '/p', '-buildTarget', 'Win64', '-executeMethod', 'Slate.Bridge.BuildCommand.Build', '-logFile', '-', '-slateReportPath', '/r.json'])
    expect(args).toContain('-slateScenes')
    expect(args[args.indexOf('-slateScenes') + 1]).toBe('Assets/A.unity;Assets/B.unity')
    expect(args[args.indexOf('-slateOptions') + 1]).toBe('CompressWithLz4HC')
    expect(args).not.toContain('-activeBuildProfile')
    expect(formatCommandLine('/u/Unity', ['-projectPath', '/a b'])).toBe("/u/Unity -projectPath '/a b'")
  })

  it('passes -activeBuildProfile only to Unity 6', () => {
    const profile = { ...defaultProfile('Android'), unityBuildProfile: 'Assets/Settings/Android.asset' }
    const base = { profile, projectPath: '/p', reportPath: '/r', outputPath: '/o', scenes: ['A.unity'], jobId: 'j' }
    expect(unityArguments({ ...base, unityVersion: '6000.1.3f1' })).toContain('-activeBuildProfile')
    expect(unityArguments({ ...base, unityVersion: '2022.3.1f1' })).not.toContain('-activeBuildProfile')
  })
})

describe('stages from log markers', () => {
  it('log 01 goes prepare → compile → bundles → package → executable → finalize, never back', () => {
    const t = new StageTracker()
    const seen = [t.start().stage]
    const s = new LineSplitter()
    for (const line of [...s.push(fs.readFileSync(logFixture(1))), ...s.end()]) {
      const c = t.line(line)
      if (c) seen.push(c.stage)
    }
    expect(seen).toEqual(['prepare', 'compile', 'bundles', 'package', 'executable', 'finalize'])
  })
})

describe('Unity discovery', () => {
  const env = (files: string[], over: Partial<DiscoveryEnv> = {}): DiscoveryEnv => ({
    platform: 'linux',
    env: {},
    home: '/home/u',
    exists: (p) => files.some((f) => f === p || f.startsWith(`${p}/`)),
    listDir: (p) => [...new Set(files.filter((f) => f.startsWith(`${p}/`)).map((f) => f.slice(p.length + 1).split('/')[0]))],
    readFile: () => null,
    ...over,
  })
  it('finds the Hub editor matching ProjectVersion.txt', () => {
    const files = [editorExecutable('linux', '/home/u/Unity/Hub/Editor/2022.3.10f1'), editorExecutable('linux', '/home/u/Unity/Hub/Editor/6000.1.3f1')]
    const d = discoverUnity('6000.1.3f1', env(files))
    expect(d.match).toEqual({ version: '6000.1.3f1', path: '/home/u/Unity/Hub/Editor/6000.1.3f1/Editor/Unity', source: 'hub' })
    expect(d.editors).toHaveLength(2)
  })
  it('says clearly when the right version is missing', () => {
    const d = discoverUnity('2020.3.23f1', env([editorExecutable('linux', '/home/u/Unity/Hub/Editor/2022.3.10f1')]))
    expect(d.match).toBeNull()
    expect(d.message).toMatch(/needs Unity 2020\.3\.23f1, which is not installed\. Found: 2022\.3\.10f1\..*UNITY_PATH/)
  })
  it('uses UNITY_PATH and the mac Hub layout', () => {
    const mac = editorExecutable('darwin', '/Applications/Unity/Hub/Editor/2021.3.1f1')
    expect(mac).toBe('/Applications/Unity/Hub/Editor/2021.3.1f1/Unity.app/Contents/MacOS/Unity')
    expect(discoverUnity('2021.3.1f1', env([mac], { platform: 'darwin' })).match?.source).toBe('hub')
    expect(discoverUnity('2021.3.1f1', env(['/opt/u/Unity'], { env: { UNITY_PATH: '/opt/u/Unity' } })).match).toMatchObject({ source: 'env', path: '/opt/u/Unity' })
  })
})

describe('verdict', () => {
  const report = (result: BridgeBuildReport['result']): BridgeBuildReport => ({ result, platform: 'x', outputPath: '', totalTimeMs: 1, totalSize: 1, totalErrors: result === 'Failed' ? 1 : 0, totalWarnings: 0, buildStartedAt: '', buildEndedAt: '', steps: [], packedAssets: [] })
  const base: VerdictInput = { exitCode: 0, signal: null, cancelled: false, report: null, reportProblem: 'no report file', licensingLine: null, compileErrors: 0, runnerError: null }
  it('trusts the report and the exit code, never the log', () => {
    expect(decideVerdict({ ...base, report: report('Succeeded') }).status).toBe('succeeded')
    expect(decideVerdict({ ...base, report: report('Succeeded'), exitCode: 1 })).toMatchObject({ status: 'failed', failureKind: 'exit-code' })
    expect(decideVerdict({ ...base, report: report('Failed') })).toMatchObject({ status: 'failed', failureKind: 'report-failed' })
    expect(decideVerdict(base)).toMatchObject({ status: 'failed', failureKind: 'no-report' })
    // a licensing line in a successful build (log 01 has one) changes nothing
    expect(decideVerdict({ ...base, report: report('Succeeded'), licensingLine: 'No valid Unity Editor license found' }).status).toBe('succeeded')
    expect(decideVerdict({ ...base, exitCode: 1, licensingLine: 'No valid Unity Editor license found' }).failureKind).toBe('licensing')
    expect(decideVerdict({ ...base, exitCode: null, signal: 'SIGSEGV' }).failureKind).toBe('crash')
  })
  it('rejects malformed report files with a reason', () => {
    expect(parseBridgeReport('{"result": "Maybe"}')).toEqual({ problem: 'report has no valid "result" ("Maybe")' })
    expect('problem' in parseBridgeReport('{')).toBe(true)
  })
})

describe('BuildReportSummary.json import', () => {
  it('reads the PascalCase summary Unity 6.6 writes', () => {
    const s = summaryFields({ BuildSessionGUID: 'ab'.repeat(16), BuildResultName: 'Succeeded', BuildTarget: 'Android', BuildOptions: ['Development'], TotalSize: 123, BuildStartedAt: '2026-01-01T00:00:00Z', BuildEndedAt: '2026-01-01T00:01:00Z' })
    expect(s).toMatchObject({ result: 'Succeeded', target: 'Android', totalSize: 123, durationMs: 60_000, options: ['Development'] })
    expect(summaryFields({ BuildName: 'x' })).toBeNull()
  })
})
