import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PayloadOf } from '../../../src-shared/contract'
import type { RuntimeSession } from '../../../src-shared/types-data'
import type { RuntimeLogPage, RuntimePresets, RuntimeStatsSample } from '../../../src-shared/types-runtime'
import { makeTempProject } from '../../builds/testing/standin'
import { SlateCore } from '../../host/slate-core'
import { dataLayerService } from '../../host/data-layer'
import { LogAggregator } from '../../runtime/log-aggregator'
import { PgLogSink } from '../../runtime/log-sink'
import { RuntimeOrchestrator } from '../../runtime/orchestrator'
import { serveOrchestrator } from '../../runtime/orchestrator-service'
import { StatsSampler } from '../../runtime/stats-sampler'
import { waitFor } from '../../store/testing/test-database'
import { openTestDataLayer, type TestDataLayer } from '../../store/testing/test-data-layer'
import { dispatch } from '../registry'

const IMAGE = 'slate-runtime-test:busybox'
const hasDocker = !!process.env.DOCKER_HOST

/** The Runtime area's calls, through the registry as the renderer makes them, against NATS, PostgreSQL and Docker. */
describe.skipIf(!hasDocker)('runtime API', { timeout: 120_000 }, () => {
  let d: TestDataLayer
  let core: SlateCore
  let project: ReturnType<typeof makeTempProject>
  let dataDir: string
  let agg: LogAggregator
  let orch: RuntimeOrchestrator
  let served: { stop(): void } | null = null
  let sampler: StatsSampler
  const started: string[] = []

  const call = async <T,>(name: string, args: unknown): Promise<T> => {
    const r = await dispatch(core, name, args)
    if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.code} ${r.error.message}`), { error: r.error })
    return r.result as T
  }
  /** Resolves with the first payload of `name` that `match` accepts. */
  const next = <E extends 'runtime.session.changed' | 'runtime.log' | 'runtime.stats' | 'runtime.exec.output'>(name: E, match: (p: PayloadOf<E>) => boolean) =>
    new Promise<PayloadOf<E>>((resolve) => {
      const off = core.events.on(name, (p) => {
        if (!match(p)) return
        off()
        resolve(p)
      })
    })

  beforeAll(async () => {
    execFileSync('sh', [path.join(__dirname, '../../../test/docker/build-runtime-image.sh')], { stdio: 'inherit' })
    d = await openTestDataLayer('slate_test_runtime_api')
    project = makeTempProject()
    fs.mkdirSync(path.join(project.root, 'Builds', 'Server'), { recursive: true })
    fs.writeFileSync(path.join(project.root, 'Builds', 'Server', 'hello.txt'), 'from the project\n')
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-runtime-api-'))
    core = new SlateCore({ runtime: 'cli', dataDir })
    await core.init()
    await core.openProject(project.root)
    core.service(dataLayerService).attach(d.services)
    agg = new LogAggregator({ bus: d.bus, subjects: d.subjects, sink: new PgLogSink(d.t.db), intervalMs: 200 })
    await agg.start()
    orch = new RuntimeOrchestrator({ docker: new Docker(), store: d.store, db: d.t.db, bus: d.bus, subjects: d.subjects, follow: true })
    // as the container service does: the follower of a session samples it for every UI
    sampler = new StatsSampler({ orch, bus: d.bus, subjects: d.subjects, everyMs: 250 })
  })

  afterAll(async () => {
    for (const id of started) await orch?.stop(id).catch(() => undefined)
    await orch?.idle()
    sampler?.stop()
    served?.stop()
    await agg?.stop()
    core.service(dataLayerService).attach(null)
    await core?.dispose()
    await d?.close()
    project?.remove()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('says what to start when no container service answers', async () => {
    await expect(call('runtime.sessions.start', { image: IMAGE })).rejects.toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/container service is not running: start `slate services --only container`/) } })
  })

  it('starts a session with a project mount; streams its session changes, log lines, stats and exec output; pages its log; stops and restarts it', async () => {
    served = serveOrchestrator(d.bus, d.subjects, orch, `q-${d.subjects.root}`)
    const script = 'cat /game/hello.txt; i=1; while [ $i -le 50 ]; do echo "tick $i"; i=$((i+1)); done; echo "ERROR: boom" >&2; sleep 3600'
    const running = next('runtime.session.changed', (p) => p.session.status === 'running')
    const logged = next('runtime.log', (p) => p.lines.some((l) => l.message === 'ERROR: boom'))
    const s = await call<RuntimeSession>('runtime.sessions.start', { image: IMAGE, command: ['/bin/sh', '-c', script], memory: '64m', cpus: 0.5, mounts: [{ hostPath: 'Builds/Server', containerPath: '/game' }] })
    started.push(s.id)
    expect(s).toMatchObject({ status: 'running', runtimeType: 'unity' })
    expect(s.containerConfig).toMatchObject({ image: IMAGE, memoryBytes: 64 * 1024 * 1024, cpus: 0.5 })
    expect((await running).session.id).toBe(s.id)
    const live = await logged
    expect(live.sessionId).toBe(s.id)
    expect(live.lines.find((l) => l.message === 'ERROR: boom')?.level).toBe('error')

    const list = await call<RuntimeSession[]>('runtime.sessions.list', {})
    expect(list.map((x) => x.id)).toContain(s.id)

    const sample = await next('runtime.stats', (p) => p.sessionId === s.id)
    expect(sample.memoryUsedBytes).toBeGreaterThan(0)
    expect(sample.memoryLimitBytes).toBe(64 * 1024 * 1024)
    expect((await call<RuntimeStatsSample[]>('runtime.sessions.stats', { sessionId: s.id })).length).toBeGreaterThan(0)

    // every line stored, in order, paged
    const readAll = async () => {
      const out: string[] = []
      let after: RuntimeLogPage['next'] | undefined
      do {
        const page: RuntimeLogPage = await call('runtime.sessions.logs', { sessionId: s.id, limit: 20, ...(after ? { after } : {}) })
        out.push(...page.lines.map((l) => l.message))
        after = page.next
      } while (after)
      return out
    }
    const all = await waitFor(async () => {
      const got = await readAll()
      return got.length >= 52 ? got : null
    }, 'all 52 lines stored', 30_000, 100)
    // stdout in order (Docker stamps stderr on its own, so the error line may sort anywhere)
    const stdout = all.filter((m) => m !== 'ERROR: boom')
    expect(stdout[0]).toBe('from the project')
    expect(all).toContain('ERROR: boom')
    expect(stdout.filter((m) => m.startsWith('tick '))).toEqual(Array.from({ length: 50 }, (_, i) => `tick ${i + 1}`))

    // the log as a console source: the stored lines with their levels
    const source = await call<{ id: string; kind: string; live: boolean }>('runtime.sessions.openInConsole', { sessionId: s.id })
    expect(source).toMatchObject({ kind: 'runtime', live: true })
    const errors = await call<{ counts: Record<string, number>; rows: { message: string }[] }>('console.query', { sourceId: source.id, filter: { levels: ['error'], search: '', collapse: false }, offset: 0, limit: 10 })
    expect(errors.rows.map((e) => e.message)).toEqual(['ERROR: boom'])
    expect((await call<{ id: string }>('runtime.sessions.openInConsole', { sessionId: s.id })).id).toBe(source.id)

    const execId = '6b0c4c3e-0d35-4a5e-9a51-2b1f6c0e7a11'
    const heard = next('runtime.exec.output', (p) => p.execId === execId && p.text.includes('inside'))
    const r = await call<{ execId: string; exitCode: number; stdout: string }>('runtime.sessions.exec', { sessionId: s.id, execId, command: ['/bin/sh', '-c', 'echo inside; id -u; exit 4'] })
    expect(r).toMatchObject({ execId, exitCode: 4 })
    expect(r.stdout).toContain('1000')
    expect((await heard).stream).toBe('stdout')

    const stoppedEvent = next('runtime.session.changed', (p) => p.session.id === s.id && p.session.status === 'stopped')
    expect((await call<RuntimeSession>('runtime.sessions.stop', { sessionId: s.id })).status).toBe('stopped')
    await stoppedEvent
    await expect(call('runtime.sessions.exec', { sessionId: s.id, command: ['true'] })).rejects.toMatchObject({ error: { code: 'conflict' } })
    const again = await call<RuntimeSession>('runtime.sessions.restart', { sessionId: s.id })
    expect(again.status).toBe('running')
    expect(again.containerId).not.toBe(s.containerId)
    expect((await call<RuntimeSession>('runtime.sessions.stop', { sessionId: s.id })).status).toBe('stopped')
  })

  it('refuses bad input with a clear error', async () => {
    await expect(call('runtime.sessions.start', { image: IMAGE, mounts: [{ hostPath: '../..', containerPath: '/x' }] })).rejects.toMatchObject({ error: { code: 'invalid_argument', message: expect.stringMatching(/outside the project/) } })
    await expect(call('runtime.sessions.start', { image: IMAGE, memory: 'lots' })).rejects.toMatchObject({ error: { code: 'invalid_argument', message: expect.stringMatching(/not a size/) } })
    await expect(call('runtime.sessions.start', { image: 'no-such-image:here' })).rejects.toMatchObject({ error: { message: expect.stringMatching(/not on this Docker engine/) } })
    await expect(call('runtime.sessions.stop', { sessionId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ error: { code: 'not_found' } })
  })

  it('presets: built-ins for each runtime type, the project’s saved in ProjectSettings/SlateRuntimePresets.json', async () => {
    const p = await call<RuntimePresets>('runtime.presets.get', {})
    expect(Object.values(p.builtIn).map((x) => x.runtimeType).sort()).toEqual(['godot', 'unity', 'unreal'])
    expect(p.builtIn['unity-dedicated-server'].command).toEqual(expect.arrayContaining(['-batchmode', '-nographics', '-logFile', '-']))
    expect(p.project).toEqual({})
    const saved = await call<RuntimePresets>('runtime.presets.save', { name: 'smoke', preset: { image: IMAGE, command: ['/bin/sh', '-c', 'echo hi'], description: 'busybox smoke test' } })
    expect(saved.project.smoke).toMatchObject({ image: IMAGE, runtimeType: 'unity', description: 'busybox smoke test' })
    const file = JSON.parse(fs.readFileSync(path.join(project.root, 'ProjectSettings', 'SlateRuntimePresets.json'), 'utf8'))
    expect(file.presets.smoke.command).toEqual(['/bin/sh', '-c', 'echo hi'])
  })
})
