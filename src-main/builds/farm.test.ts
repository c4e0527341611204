import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStreams, JetStreamWorkQueue } from '../bus/jetstream'
import { NatsBus } from '../bus/nats-bus'
import { createSubjects } from '../bus/subjects'
import { migrate } from '../store/migrations'
import { createTestDatabase, type TestDatabase } from '../store/testing/test-database'
import type { BuildHistoryPage, BuildProgressEvent } from '../../src-shared/types-builds'
import type { BuildQueueItem } from '../store/data-services'
import { followBuild } from './bus-events'
import { cancelFarmBuild, submitFarmBuild, type FarmClient } from './farm'
import { PgHistoryStore } from './history-pg'
import { defaultProfile } from './profiles'
import { killRecordedPids, spawnSlate, stopOrphanPostgres, type CliProcess } from './testing/processes'
import { makeTempProject, standinPath } from './testing/standin'

const NATS_URL = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

function reachable(url: string): Promise<boolean> {
  const u = new URL(url)
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) || 4222 })
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}
const natsUp = await reachable(NATS_URL)
if (!natsUp) console.warn(`\n*** SKIPPING farm tests: NATS is not reachable at ${NATS_URL} ***\n`)

// Real processes (workers with their own embedded databases) on a shared 2-core machine: generous.
describe.skipIf(!natsUp)('build farm: two `slate worker` processes on NATS JetStream', { timeout: 240_000 }, () => {
  const root = `tfarm${crypto.randomUUID().slice(0, 8)}`
  const S = createSubjects(root)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-farm-'))
  const pidDir = path.join(tmp, 'pids')
  let tdb: TestDatabase
  let bus: NatsBus
  let client: FarmClient
  let project: ReturnType<typeof makeTempProject>
  const workers: CliProcess[] = []
  const env = (extra: Record<string, string> = {}) => ({
    SLATE_NATS_URL: NATS_URL,
    SLATE_DATABASE_URL: tdb.url,
    SLATE_SUBJECT_ROOT: root,
    SLATE_STANDIN_DURATION_MS: '2500',
    SLATE_STANDIN_PID_DIR: pidDir,
    ...extra,
  })

  beforeAll(async () => {
    fs.mkdirSync(pidDir)
    tdb = await createTestDatabase('slate_farm')
    await migrate(tdb.db)
    bus = await NatsBus.connect({ url: NATS_URL })
    client = { history: new PgHistoryStore(tdb.db, 'team'), bus, subjects: S, buildQueue: await JetStreamWorkQueue.open<BuildQueueItem>(bus.nc, S) }
    project = makeTempProject()
    for (const name of ['w1', 'w2']) {
      const w = spawnSlate(
        ['worker', '--runner', 'local', '--unity', standinPath, '--targets', 'StandaloneLinux64', '--ack-wait-ms', '3000', '--name', name],
        env({ SLATE_DATA_DIR: path.join(tmp, name) }),
      )
      workers.push(w)
    }
    await Promise.all(workers.map((w) => w.waitForLine(/waiting for jobs/)))
  })

  afterAll(async () => {
    for (const w of workers) {
      if (w.child.exitCode === null && w.child.signalCode === null) {
        w.child.kill('SIGTERM') // drains, stops its embedded database
        await w.exited
      }
    }
    killRecordedPids(pidDir)
    for (const name of ['w1', 'w2', 'w3', 'reader', 'client']) stopOrphanPostgres(path.join(tmp, name))
    if (bus) {
      await deleteStreams(bus.nc, S)
      await bus.close()
    }
    await tdb?.drop()
    project?.remove()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('ten jobs finish exactly once; a job whose worker is killed mid-build is redelivered and finished by the other', async () => {
    const [w1, w2] = workers
    const profile = defaultProfile('StandaloneLinux64', 'development', 'Game')
    const jobIds: string[] = Array.from({ length: 10 }, () => crypto.randomUUID())
    const results = jobIds.map((jobId) => submitFarmBuild(client, { jobId, projectRoot: project.root, projectName: 'Game', profile, unityVersion: '6000.1.3f1' }, {}))

    // Kill w1 in the middle of its first job: after that job reached the compile stage.
    const started = await w1.waitForLine(/worker w1: started job \S+ \(attempt 1\)/)
    const victim = /started job (\S+)/.exec(started)![1]
    const compiled = new Promise<void>((resolve) => {
      const stop = followBuild(bus, S, victim, {
        progress: (ev: BuildProgressEvent) => {
          if (ev.progress >= 30) {
            stop()
            resolve()
          }
        },
      })
    })
    await compiled
    w1.child.kill('SIGKILL')
    await w1.exited

    const done = await Promise.all(results)
    expect(done.map((d) => d.status)).toEqual(Array(10).fill('succeeded'))
    const killed = done.find((d) => d.id === victim)!
    expect(killed.worker).toBe('w2')
    expect(w1.lines.some((l) => l.includes(`finished job ${victim}`))).toBe(false)
    expect(w2.lines.some((l) => l.includes(`started job ${victim} (attempt 2)`))).toBe(true)

    // Exactly once: one stored completion per job across both workers, and one completed row each.
    // (A worker prints its line just after announcing the job on the bus: wait for the lines.)
    await Promise.all(jobIds.map((id) => Promise.any([w1, w2].map((w) => w.waitForLine(new RegExp(`finished job ${id}: .*stored=true`))))))
    const stored = [...w1.lines, ...w2.lines].filter((l) => /stored=true/.test(l)).map((l) => /finished job (\S+):/.exec(l)![1])
    expect([...stored].sort()).toEqual([...jobIds].sort())
    const rows = await tdb.db.query(`SELECT count(*)::int AS n FROM slate_build_jobs WHERE id = ANY($1) AND completed_at IS NOT NULL`, [jobIds])
    expect(rows.rows[0].n).toBe(10)

    // History shows all ten, from the team database and then from the local mirror with the team server unreachable.
    const readerEnv = { SLATE_DATA_DIR: path.join(tmp, 'reader'), SLATE_NATS_URL: '' }
    const online = spawnSlate(['history', project.root, '--json'], env(readerEnv))
    const onlinePage = JSON.parse(await online.waitForLine(/^\{/)) as BuildHistoryPage
    await online.exited
    expect(onlinePage.jobs.filter((j) => jobIds.includes(j.id))).toHaveLength(10)
    expect(onlinePage.jobs.every((j) => j.runner === 'farm')).toBe(true)

    const offline = spawnSlate(['history', project.root, '--json'], env({ ...readerEnv, SLATE_DATABASE_URL: 'postgres://slate@127.0.0.1:1/unreachable' }))
    const offlinePage = JSON.parse(await offline.waitForLine(/^\{/)) as BuildHistoryPage
    expect(await offline.exited).toBe(0)
    expect(offlinePage.source).toMatch(/local mirror/)
    expect(offlinePage.jobs.filter((j) => jobIds.includes(j.id) && j.status === 'succeeded')).toHaveLength(10)

    // Cancel a farm job mid-build from the client: the worker kills Unity and records "cancelled".
    const cancelId = crypto.randomUUID()
    const cancelled = submitFarmBuild(client, { jobId: cancelId, projectRoot: project.root, projectName: 'Game', profile, unityVersion: '6000.1.3f1' }, {
      progress: (ev) => {
        if (ev.stage === 'compile') void cancelFarmBuild(client, cancelId, 'test')
      },
    })
    expect(await cancelled).toMatchObject({ status: 'cancelled', worker: 'w2' })

    // And the same through the CLI: `slate build --runner farm --json` waits for the worker's verdict.
    const cli = spawnSlate(['build', project.root, '--target', 'StandaloneLinux64', '--runner', 'farm', '--json'], env({ SLATE_DATA_DIR: path.join(tmp, 'client') }))
    const result = JSON.parse(await cli.waitForLine(/^\{/)) as { status: string; totalSize: number }
    expect(await cli.exited).toBe(0)
    expect(result).toMatchObject({ status: 'succeeded', totalSize: 65536 })
  })

  it('a job no worker can run is given up after its deliveries and recorded as failed, not left queued', async () => {
    const w3 = spawnSlate(['worker', '--runner', 'local', '--unity', '/nonexistent/Unity', '--targets', 'WebGL', '--name', 'w3'], env({ SLATE_DATA_DIR: path.join(tmp, 'w3'), UNITY_PATH: '', HOME: tmp }))
    workers.push(w3)
    await w3.waitForLine(/waiting for jobs/)
    const job = await submitFarmBuild(client, { jobId: crypto.randomUUID(), projectRoot: project.root, projectName: 'Game', profile: defaultProfile('WebGL', 'development', 'Game'), unityVersion: '6000.1.3f1' }, {})
    expect(job).toMatchObject({ status: 'failed', failureKind: 'runner', worker: 'w3' })
    expect(job.reason).toMatch(/No worker could run this build after 5 attempts; last error on w3: This project needs Unity 6000\.1\.3f1/)
  })
})
