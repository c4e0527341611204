import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { jetstreamManager } from '@nats-io/jetstream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStreams, streamNames } from '../../bus/jetstream'
import { NatsBus } from '../../bus/nats-bus'
import { createSubjects } from '../../bus/subjects'
import { RuntimeClient } from '../../runtime/orchestrator-service'
import { createTestDatabase, waitFor, type TestDatabase } from '../../store/testing/test-database'
import { repoRoot } from '../../testing/fixtures'

// `slate services` as operators run it: the compiled CLI, team mode (its own database and subject
// root on the machine's PostgreSQL and NATS, a Docker engine for the container service).
const slate = path.join(repoRoot, 'bin', 'slate.mjs')
const NATS_URL = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
const hasDocker = !!process.env.DOCKER_HOST

interface Instance {
  child: ChildProcess
  lines: Record<string, unknown>[]
  ready: Promise<{ url: string; services: { name: string; ok: boolean }[] }>
  exited: Promise<number | null>
  stderr: () => string
}

describe.skipIf(!hasDocker)('slate services (compiled CLI, team mode)', () => {
  let t: TestDatabase
  let nats: NatsBus
  const root = `svc${randomUUID().slice(0, 8)}`
  const S = createSubjects(root)
  const dirs: string[] = []
  const running: Instance[] = []

  beforeAll(async () => {
    t = await createTestDatabase('slate_test_services')
    nats = await NatsBus.connect({ url: NATS_URL, name: 'services-cli-test' })
  })

  afterAll(async () => {
    for (const i of running) i.child.kill('SIGKILL')
    await deleteStreams(nats.nc, S).catch(() => undefined)
    await nats?.close()
    await t?.drop()
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  })

  function start(only: string, env: Record<string, string> = {}): Instance {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-services-'))
    dirs.push(dataDir)
    const child = spawn(process.execPath, [slate, 'services', '--only', only, '--json', '--port', '0', '--logs-interval-ms', '600000'], {
      env: { ...process.env, SLATE_DATABASE_URL: t.url, SLATE_NATS_URL: NATS_URL, SLATE_REDIS_URL: '', SLATE_SUBJECT_ROOT: root, SLATE_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    const lines: Record<string, unknown>[] = []
    const ready = new Promise<{ url: string; services: { name: string; ok: boolean }[] }>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).on('line', (l) => {
        const m = JSON.parse(l) as Record<string, unknown>
        lines.push(m)
        if (m.ready) resolve(m as never)
      })
      child.once('exit', (code) => reject(new Error(`slate services exited (${code}) before it was ready:\n${err}`)))
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const inst = { child, lines, ready, exited, stderr: () => err }
    running.push(inst)
    return inst
  }

  const metric = (text: string, name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `))
    return line === undefined ? null : Number(line.slice(name.length + 1))
  }
  const count = async (sql: string, args: unknown[]) => Number((await t.db.query<{ n: string }>(sql, args)).rows[0].n)

  it('says it is ready, answers /healthz and /metrics, and on SIGTERM stores every line it had buffered before exiting 0', async () => {
    const a = start('logs,container')
    const ready = await a.ready
    expect(ready.services.map((s) => [s.name, s.ok])).toEqual([
      ['logs', true],
      ['container', true],
    ])
    const health = await fetch(`${ready.url}/healthz`)
    expect(health.status).toBe(200)
    expect(((await health.json()) as { services: { name: string }[] }).services.map((s) => s.name)).toEqual(['logs', 'container'])
    const before = await (await fetch(`${ready.url}/metrics`)).text()
    expect(metric(before, 'process_cpu_user_seconds_total')).toBeGreaterThan(0) // prom-client's default Node metrics
    expect(metric(before, 'slate_service_up{service="container"}')).toBe(1)
    expect(metric(before, 'slate_logs_lines_received_total{kind="runtime"}')).toBe(0)

    // rows the lines belong to (the service ran the migrations)
    const project = randomUUID()
    const session = randomUUID()
    const job = randomUUID()
    await t.db.query(`INSERT INTO slate_projects (id, name, owner_id) VALUES ($1, 'Game', 'test')`, [project])
    await t.db.query(`INSERT INTO slate_runtime_sessions (id, project_id, user_id, runtime_type, status) VALUES ($1, $2, 'test', 'unity', 'stopped')`, [session, project])
    await t.db.query(`INSERT INTO slate_build_jobs (id, project_id, user_id, build_type, target_platform) VALUES ($1, $2, 'test', 'development', 'StandaloneLinux64')`, [job, project])
    const batch = randomUUID()
    for (let i = 0; i < 5; i++) {
      const lines = Array.from({ length: 100 }, (_, k) => ({ id: randomUUID(), sessionId: session, level: 'info', message: `runtime ${i * 100 + k}`, timestamp: new Date().toISOString() }))
      nats.publish(S.runtimeLog(session), { lines })
      nats.publish(S.buildLog(job), { jobId: job, firstLine: i * 60 + 1, lines: Array.from({ length: 60 }, (_, k) => `build line ${i * 60 + k + 1}`), messages: [] })
    }
    for (let i = 0; i < 50; i++) nats.publish(S.assetBatchLog(batch), { level: 'info', source: `Assets/T${i}.png`, message: `processed → T${i}.ktx2`, ms: 3 })
    await nats.flush()
    // all of it heard and held (the batch interval is ten minutes): only the drain can write it now
    await waitFor(async () => {
      const m = await (await fetch(`${ready.url}/metrics`)).text()
      return metric(m, 'slate_logs_lines_received_total{kind="runtime"}') === 500 && metric(m, 'slate_logs_lines_received_total{kind="build"}') === 300 && metric(m, 'slate_logs_lines_received_total{kind="asset-batch"}') === 50
    }, 'the lines to reach the logs service', 30_000, 100)
    expect(await count('SELECT count(*) AS n FROM slate_runtime_logs WHERE session_id = $1', [session])).toBe(0)
    expect(((await (await fetch(`${ready.url}/healthz`)).json()) as { services: { name: string; inFlight: number }[] }).services.find((s) => s.name === 'logs')?.inFlight).toBe(850)

    a.child.kill('SIGTERM')
    expect(await a.exited, a.stderr()).toBe(0)
    expect(a.lines.slice(-2)).toEqual([{ draining: true }, { stopped: true }])
    expect(await count('SELECT count(*) AS n FROM slate_runtime_logs WHERE session_id = $1', [session])).toBe(500)
    expect(await count('SELECT count(DISTINCT line_no) AS n FROM slate_build_logs WHERE job_id = $1 AND line_no BETWEEN 1 AND 300', [job])).toBe(300)
    expect((await t.db.query<{ message: string }>('SELECT message FROM slate_build_logs WHERE job_id = $1 AND line_no = 123', [job])).rows[0].message).toBe('build line 123')
    expect(await count('SELECT count(*) AS n FROM slate_asset_logs WHERE batch_id = $1', [batch])).toBe(50)
    // and acknowledged: nothing is left for the next instance to store twice
    const jsm = await jetstreamManager(nats.nc)
    for (const durable of ['slate-log-aggregator', 'slate-log-aggregator-build', 'slate-log-aggregator-asset-batch']) {
      const info = await jsm.consumers.info(streamNames(S).logs, durable)
      expect([durable, info.num_pending, info.num_ack_pending]).toEqual([durable, 0, 0])
    }
  }, 120_000)

  it('two instances share the container requests (queue group): each request is answered once', async () => {
    const a = start('logs,container')
    const b = start('logs,container')
    const [ra, rb] = await Promise.all([a.ready, b.ready])
    const client = new RuntimeClient(nats, S)
    const N = 40
    const replies = await Promise.all(
      Array.from({ length: N }, () =>
        client.stats(randomUUID()).then(
          () => 'answered?',
          (err: { code?: string }) => err.code,
        ),
      ),
    )
    expect(replies).toEqual(Array(N).fill('not_found'))
    // without SLATE_RUNTIME_ROOTS a team's container service mounts nothing
    const mountAsked = await client.start({ projectRoot: process.cwd(), image: 'slate-runtime-test:busybox', mounts: [{ hostPath: 'src-main', containerPath: '/mnt' }] }).then(
      () => 'started',
      (err: Error) => err.message,
    )
    expect(mountAsked).toMatch(/mounts no folders.*SLATE_RUNTIME_ROOTS/)
    const answered = await Promise.all([ra, rb].map(async (r) => metric(await (await fetch(`${r.url}/metrics`)).text(), 'slate_container_requests_total{verb="stats"}') ?? 0))
    expect(answered[0] + answered[1]).toBe(N)
    expect(Math.min(...answered)).toBeGreaterThan(0) // both took some (all 40 to one: 2^-39)
    a.child.kill('SIGTERM')
    b.child.kill('SIGTERM')
    expect(await a.exited, a.stderr()).toBe(0)
    expect(await b.exited, b.stderr()).toBe(0)
  }, 120_000)

  it('mounts folders only of projects inside SLATE_RUNTIME_ROOTS: a request naming / or another folder is refused', async () => {
    const allowed = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-runtime-roots-'))
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-not-a-root-'))
    dirs.push(allowed, elsewhere)
    fs.mkdirSync(path.join(elsewhere, 'Builds'))
    // a project inside the allowed folder that is a link to the other one
    fs.symlinkSync(elsewhere, path.join(allowed, 'linked'))
    const a = start('logs,container', { SLATE_RUNTIME_ROOTS: allowed })
    await a.ready
    const client = new RuntimeClient(nats, S)
    const sessionsBefore = await count('SELECT count(*) AS n FROM slate_runtime_sessions', [])
    const refused = async (projectRoot: string, hostPath: string) =>
      client.start({ projectRoot, image: 'slate-runtime-test:busybox', mounts: [{ hostPath, containerPath: '/mnt' }] }).then(
        () => 'started',
        (err: Error) => err.message,
      )
    expect(await refused('/', 'etc')).toMatch(/cannot be mounted: this container service mounts only from projects inside .*slate-runtime-roots-/)
    expect(await refused(elsewhere, 'Builds')).toMatch(/cannot be mounted/)
    expect(await refused(path.join(allowed, 'linked'), 'Builds')).toMatch(/cannot be mounted/)
    expect(await count('SELECT count(*) AS n FROM slate_runtime_sessions', [])).toBe(sessionsBefore)
    a.child.kill('SIGTERM')
    expect(await a.exited, a.stderr()).toBe(0)
  }, 120_000)
})
