import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InProcessBus } from '../bus/in-process-bus'
import { createSubjects } from '../bus/subjects'
import { MemoryCache } from '../cache/memory-cache'
import { DataStore } from '../store/data-store'
import { migrate } from '../store/migrations'
import { createTestDatabase, waitFor, type TestDatabase } from '../store/testing/test-database'
import { LogAggregator } from './log-aggregator'
import { PgLogSink } from './log-sink'
import { RuntimeOrchestrator } from './orchestrator'
import { RuntimeClient, serveOrchestrator } from './orchestrator-service'

const IMAGE = 'slate-runtime-test:busybox'
const hasDocker = !!process.env.DOCKER_HOST
const N = 3000

describe.skipIf(!hasDocker)('runtime sessions in real containers', () => {
  let t: TestDatabase
  let store: DataStore
  let agg: LogAggregator
  let orch: RuntimeOrchestrator
  let client: RuntimeClient
  let served: { stop(): void }
  let project: string
  const docker = new Docker()
  const bus = new InProcessBus()
  const S = createSubjects(`t${randomUUID().slice(0, 8)}`)
  const started: string[] = []

  beforeAll(async () => {
    execFileSync('sh', [path.join(__dirname, '../../test/docker/build-runtime-image.sh')], { stdio: 'inherit' })
    t = await createTestDatabase('slate_test_runtime')
    await migrate(t.db)
    store = new DataStore({ primary: t.db, local: null, cache: new MemoryCache(`t-${randomUUID()}:`), bus, subjects: S, clientId: 'test' })
    agg = new LogAggregator({ bus, subjects: S, sink: new PgLogSink(t.db), intervalMs: 200 })
    await agg.start()
    orch = new RuntimeOrchestrator({ docker, store, db: t.db, bus, subjects: S, follow: true })
    served = serveOrchestrator(bus, S, orch)
    client = new RuntimeClient(bus, S)
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-runtime-project-'))
    fs.mkdirSync(path.join(project, 'Builds'))
  }, 120_000)

  afterAll(async () => {
    for (const id of started) await orch.stop(id).catch(() => undefined)
    await orch.idle()
    served?.stop()
    await agg?.stop()
    await store?.close()
    await t?.drop()
    fs.rmSync(project, { recursive: true, force: true })
  })

  it('stores every line of a chatty session once, with its level; stats, exec, stop and restart work', async () => {
    const script = `i=1; while [ $i -le ${N} ]; do echo "line $i"; i=$((i+1)); done; echo "ERROR: something broke" >&2; echo "warning: low disk" ; sleep 3600`
    const s = await client.start({ projectRoot: project, image: IMAGE, command: ['/bin/sh', '-c', script], cpus: 0.5, memoryBytes: 64 * 1024 * 1024, mounts: [{ hostPath: 'Builds', containerPath: '/data' }] })
    started.push(s.id)
    expect(s.status).toBe('running')
    expect(s.containerConfig).toMatchObject({ image: IMAGE, cpus: 0.5, memoryBytes: 64 * 1024 * 1024, network: false })
    const info = await docker.getContainer(s.containerId!).inspect()
    expect(info.HostConfig.ReadonlyRootfs).toBe(true)
    expect(info.HostConfig.CapDrop).toEqual(['ALL'])
    expect(info.HostConfig.NetworkMode).toBe('none')
    expect(info.Config.User).toBe('1000:1000')

    const count = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM slate_runtime_logs WHERE session_id = $1', [s.id])).rows[0].n)
    await waitFor(async () => (await count()) === N + 2, 'all lines stored', 30_000, 100)
    const levels = (await t.db.query<{ level: string; message: string }>("SELECT level, message FROM slate_runtime_logs WHERE session_id = $1 AND level <> 'info'", [s.id])).rows
    expect(levels.sort((a, b) => a.level.localeCompare(b.level))).toEqual([
      { level: 'error', message: 'ERROR: something broke' },
      { level: 'warning', message: 'warning: low disk' },
    ])
    const distinct = await t.db.query<{ n: string }>("SELECT count(DISTINCT message) AS n FROM slate_runtime_logs WHERE session_id = $1 AND message LIKE 'line %'", [s.id])
    expect(Number(distinct.rows[0].n)).toBe(N)
    // order within a stream: Docker stamps a line when its copier reads the pipe, and under load the
    // stderr copier can read the final ERROR line before the stdout copier read "line 1"
    const ordered = (await store.listRuntimeLogs(s.id, { limit: 10 })).map((l) => l.message).filter((m) => m.startsWith('line '))
    expect(ordered.slice(0, 3)).toEqual(['line 1', 'line 2', 'line 3'])

    const stats = await client.stats(s.id)
    expect(stats.memoryUsedBytes).toBeGreaterThan(0)
    expect(stats.memoryLimitBytes).toBe(64 * 1024 * 1024)
    expect(['v1', 'v2']).toContain(stats.cgroup)

    const heard: string[] = []
    const r = await client.exec(s.id, ['/bin/sh', '-c', 'id -u; echo oops >&2; exit 3'], (_s, text) => heard.push(text))
    expect(r.exitCode).toBe(3)
    expect(r.stdout.trim()).toBe('1000')
    expect(r.stderr.trim()).toBe('oops')
    expect(heard.join('')).toContain('oops')

    const stopped = await client.stop(s.id)
    expect(stopped.status).toBe('stopped')
    await expect(docker.getContainer(s.containerId!).inspect()).rejects.toThrow()
    expect(await count()).toBe(N + 2) // stopping reads nothing twice

    const again = await client.restart(s.id)
    expect(again.status).toBe('running')
    expect(again.containerId).not.toBe(s.containerId)
    await waitFor(async () => (await count()) === 2 * (N + 2), 'the restarted container’s lines', 30_000, 100)
    await client.stop(s.id)
  }, 120_000)

  it('refuses a mount outside the project, also through a symlink', async () => {
    await expect(client.start({ projectRoot: project, image: IMAGE, mounts: [{ hostPath: '/etc', containerPath: '/x' }] })).rejects.toThrow(/outside the project/)
    fs.symlinkSync(os.tmpdir(), path.join(project, 'escape'))
    await expect(client.start({ projectRoot: project, image: IMAGE, mounts: [{ hostPath: 'escape', containerPath: '/x' }] })).rejects.toThrow(/outside the project/)
  })

  it('a session that exits with an error code is failed, its container removed', async () => {
    const s = await client.start({ projectRoot: project, image: IMAGE, command: ['/bin/sh', '-c', 'echo bye; exit 7'] })
    started.push(s.id)
    const done = await waitFor(async () => {
      const r = await store.runtimeSessions.get(s.id)
      return r && r.status === 'failed' ? r : null
    }, 'the session to fail', 30_000, 100)
    expect(done.errorMessage).toBe('exited with code 7')
    await expect(docker.getContainer(s.containerId!).inspect()).rejects.toThrow()
  }, 60_000)

  it('a session stopped by another instance than the one following it is recorded as stopped, not failed', async () => {
    // as `slate services` on two hosts: this process follows the sessions, the other answers the stop
    const other = new RuntimeOrchestrator({ docker, store, db: t.db, bus, subjects: S, follow: false })
    for (let i = 0; i < 3; i++) {
      const s = await client.start({ projectRoot: project, image: IMAGE, command: ['/bin/sh', '-c', 'while true; do echo tick; sleep 0.05; done'] })
      started.push(s.id)
      const ended: string[] = []
      const subs = (['stopped', 'failed'] as const).map((e) => bus.subscribe(S.runtimeEvent(s.id, e), () => void ended.push(e)))
      expect((await other.stop(s.id)).status).toBe('stopped')
      await orch.idle() // the follower has seen the container end and run its own finish
      expect((await store.runtimeSessions.get(s.id, { includeDeleted: true }))?.status).toBe('stopped')
      expect(ended).not.toContain('failed')
      for (const sub of subs) sub.unsubscribe()
    }
  }, 120_000)
})
