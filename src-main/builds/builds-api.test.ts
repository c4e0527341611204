import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../api/registry'
import { SlateCore } from '../host/slate-core'
import type { BridgeManifestDiff, BuildJobDetail, BuildJobSummary, BuildProfile, BuildProgressEvent, ProfileValidation } from '../../src-shared/types-builds'
import { standinPath } from './testing/standin'
import { openBuildsApiHarness, type BuildsApiHarness } from './testing/api-harness'

/** The builds calls as the renderer makes them: through the registry, with argument validation. */
let h: BuildsApiHarness
let core: SlateCore
let project: BuildsApiHarness['project']

beforeAll(async () => {
  h = await openBuildsApiHarness((root) => {
    fs.mkdirSync(path.join(root, 'Packages'))
    fs.writeFileSync(path.join(root, 'Packages', 'manifest.json'), '{\n  "dependencies": {\n    "com.unity.ugui": "1.0.0"\n  }\n}\n')
  })
  core = h.core
  project = h.project
})
afterAll(() => h.close())
const call = <T,>(name: string, args: unknown) => h.call<T>(name, args)

describe('builds API', () => {
  it('profiles: default, validate with reasons, save refuses errors, list', async () => {
    const p = await call<BuildProfile>('builds.profiles.default', { target: 'WebGL', type: 'production' })
    expect(p).toMatchObject({ target: 'WebGL', backend: 'IL2CPP', compression: 'none' })
    const bad = { ...p, options: { ...p.options, deepProfiling: true } }
    const v = await call<ProfileValidation>('builds.profiles.validate', { profile: bad })
    expect(v.ok).toBe(false)
    expect(v.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['options.deepProfiling', 'type']))
    expect(v.issues.find((i) => i.field === 'options.deepProfiling')!.message).toMatch(/needs a Development Build/)
    await expect(call('builds.profiles.save', { profile: bad })).rejects.toMatchObject({ error: { code: 'invalid_argument' } })
    await call('builds.profiles.save', { profile: p })
    expect((await call<BuildProfile[]>('builds.profiles.list', {})).map((x) => x.id)).toEqual([p.id])
    expect(await call('builds.scenes', {})).toEqual([{ path: 'Assets/Scenes/Main.unity', enabled: true, guid: '0123456789abcdef0123456789abcdef' }])
  })

  it('bridge: preview lists the embedded files; apply embeds them, manifest untouched; a manifest changed since the preview is a conflict', async () => {
    const manifestFile = path.join(project.root, 'Packages', 'manifest.json')
    const before = fs.readFileSync(manifestFile, 'utf8')
    const preview = await call<BridgeManifestDiff>('builds.bridge.preview', { action: 'install' })
    expect(preview.diff.split('\n')).toContain('+ Packages/com.slate.bridge/package.json')
    expect(preview.current).toBe('none')
    fs.writeFileSync(manifestFile, before.replace('"dependencies"', '"dependencies" ').replace('{', '{ '))
    await expect(call('builds.bridge.apply', { action: 'install', expectedBefore: preview.before })).rejects.toMatchObject({ error: { code: 'conflict' } })
    fs.writeFileSync(manifestFile, before)
    await call('builds.bridge.apply', { action: 'install', expectedBefore: preview.before })
    expect(fs.existsSync(path.join(project.root, 'Packages', 'com.slate.bridge', 'Editor', 'BuildCommand.cs'))).toBe(true)
    expect(fs.readFileSync(manifestFile, 'utf8')).toBe(before)
    await call('builds.bridge.apply', { action: 'remove' })
    expect(fs.existsSync(path.join(project.root, 'Packages', 'com.slate.bridge'))).toBe(false)
  })

  it('start: progress and finished events reach the core; history has the job', async () => {
    const profile = await call<BuildProfile>('builds.profiles.default', { target: 'StandaloneLinux64', type: 'development' })
    const progress: BuildProgressEvent[] = []
    const offProgress = core.events.on('build.progress', (e) => progress.push(e))
    const finished = new Promise<BuildJobSummary>((resolve) => core.events.on('build.finished', resolve))
    process.env.SLATE_STANDIN_DURATION_MS = '200'
    const { jobId } = await call<{ jobId: string }>('builds.start', { profile, runner: 'local' })
    const job = await finished
    offProgress()
    expect(job).toMatchObject({ id: jobId, status: 'succeeded' })
    expect(progress.at(-1)).toMatchObject({ jobId, stage: 'finalize', progress: 100 })
    const detail = await call<BuildJobDetail>('builds.history.get', { jobId })
    expect(detail.packedAssets[0].size).toBe(524288)
    const log = await call<{ lines: string[]; totalLines: number; available: boolean }>('builds.log', { jobId, fromLine: 1, limit: 3 })
    expect(log.available).toBe(true)
    expect(log.lines[0]).toMatch(/^SLATE-STANDIN uid=/)
    expect(log.totalLines).toBeGreaterThan(1500)
    await expect(call('builds.cancel', { jobId: 'not-a-uuid' })).rejects.toMatchObject({ error: { code: 'invalid_argument' } })
    // the job's work folder, under SLATE's data folder, went with the job
    expect(fs.readdirSync(path.join(core.dataDir, 'build-work'))).not.toContain(jobId)
  })

  it('work folders live under the data folder and are kept only on request (SLATE_KEEP_WORKDIRS=1)', async () => {
    const profile = await call<BuildProfile>('builds.profiles.default', { target: 'StandaloneLinux64', type: 'development' })
    process.env.SLATE_STANDIN_DURATION_MS = '200'
    process.env.SLATE_KEEP_WORKDIRS = '1'
    try {
      const finished = new Promise<BuildJobSummary>((resolve) => core.events.on('build.finished', resolve))
      const { jobId } = await call<{ jobId: string }>('builds.start', { profile, runner: 'local' })
      expect(await finished).toMatchObject({ id: jobId, status: 'succeeded' })
      expect(fs.existsSync(path.join(core.dataDir, 'build-work', jobId, 'report.json'))).toBe(true)
    } finally {
      delete process.env.SLATE_KEEP_WORKDIRS
    }
  })

  it('shutting the core down cancels a running build and ends its Unity process', async () => {
    const other = new SlateCore({ runtime: 'serve', dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'slate-builds-quit-')) })
    await other.init()
    await other.settings.update({ unityPath: standinPath })
    await other.openProject(project.root)
    const profile = (await dispatch(other, 'builds.profiles.default', { target: 'StandaloneLinux64', type: 'development' })) as { ok: true; result: BuildProfile }
    process.env.SLATE_STANDIN_DURATION_MS = '60000'
    const started = new Promise<BuildProgressEvent>((resolve) => other.events.on('build.progress', resolve))
    const finished = new Promise<BuildJobSummary>((resolve) => other.events.on('build.finished', resolve))
    const out = await dispatch(other, 'builds.start', { profile: profile.result, runner: 'local' })
    expect(out.ok).toBe(true)
    await started
    await other.dispose()
    expect(await finished).toMatchObject({ status: 'cancelled' })
    delete process.env.SLATE_STANDIN_DURATION_MS
  })
})
