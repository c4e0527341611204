/**
 * `npm run bench -- build`: what SLATE adds around Unity, for the local runner and the farm in the
 * same run, with the Unity stand-in (test/unity-standin) replaying log 01:
 *   - start overhead: from "start" (startBuild / submitting the farm job) to the moment the Unity
 *     process started (the stand-in's own process start time, performance.timeOrigin);
 *   - progress latency: from the stand-in writing a stage-marker line to the progress event
 *     reaching the consumer (in-process sink for local; a NATS subscriber for the farm).
 * Both clocks are this machine's wall clock (timeOrigin + now(), sub-millisecond).
 * History goes to a fresh database on the loopback PostgreSQL; the farm uses a real `slate worker`
 * process on NATS with its own subjects and streams, removed at the end.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { BuildProgressEvent } from '../src-shared/types-builds'
import { startBuild } from '../src-main/builds/build-session'
import { submitFarmBuild } from '../src-main/builds/farm'
import { PgHistoryStore } from '../src-main/builds/history-pg'
import { defaultProfile } from '../src-main/builds/profiles'
import { LocalRunner } from '../src-main/builds/runners/local-runner'
import { killRecordedPids, spawnSlate, stopOrphanPostgres } from '../src-main/builds/testing/processes'
import { makeTempProject, standinPath } from '../src-main/builds/testing/standin'
import { deleteStreams, JetStreamWorkQueue } from '../src-main/bus/jetstream'
import { NatsBus } from '../src-main/bus/nats-bus'
import { createSubjects } from '../src-main/bus/subjects'
import type { BuildQueueItem } from '../src-main/store/data-services'
import { migrate } from '../src-main/store/migrations'
import { createTestDatabase } from '../src-main/store/testing/test-database'

const RUNS = Number(process.env.SLATE_BENCH_BUILD_RUNS ?? 15)
const NATS_URL = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
const now = () => performance.timeOrigin + performance.now()

interface Sample {
  startMs: number
  latencies: number[]
}

function readStamps(file: string, from: number): { processStart: number; lines: Map<string, number> } {
  const text = fs.readFileSync(file, 'utf8').slice(from)
  let processStart = NaN
  const lines = new Map<string, number>()
  for (const row of text.split('\n')) {
    const sp = row.indexOf(' ')
    if (sp < 0) continue
    const at = Number(row.slice(0, sp))
    const what = row.slice(sp + 1)
    if (what === 'process-start') processStart = at
    else if (what.startsWith('line ') && !lines.has(what.slice(5))) lines.set(what.slice(5), at)
  }
  return { processStart, lines }
}

function sample(t0: number, stamps: ReturnType<typeof readStamps>, delivered: { ev: BuildProgressEvent; at: number }[]): Sample {
  const latencies = delivered.flatMap(({ ev, at }) => {
    const written = ev.marker ? stamps.lines.get(ev.marker.trim()) : undefined
    return written === undefined ? [] : [at - written]
  })
  return { startMs: stamps.processStart - t0, latencies }
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}

function row(name: string, samples: Sample[]): string {
  const starts = samples.map((s) => s.startMs)
  const lat = samples.flatMap((s) => s.latencies)
  const f = (n: number) => n.toFixed(1).padStart(8)
  return `${name.padEnd(7)} ${String(samples.length).padStart(4)} ${f(pct(starts, 50))} ${f(pct(starts, 99))} ${String(lat.length).padStart(7)} ${f(pct(lat, 50))} ${f(pct(lat, 99))}`
}

function reachable(url: string): Promise<boolean> {
  const u = new URL(url)
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) || 4222 })
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

export default async function run(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bench-build-'))
  const stamps = path.join(tmp, 'stamps.txt')
  const pidDir = path.join(tmp, 'pids')
  fs.mkdirSync(pidDir)
  fs.writeFileSync(stamps, '')
  const standinEnv = { SLATE_STANDIN_DURATION_MS: '300', SLATE_STANDIN_STAMPS: stamps, SLATE_STANDIN_PID_DIR: pidDir }
  Object.assign(process.env, standinEnv) // the local runner passes the environment on to Unity
  const tdb = await createTestDatabase('slate_bench_build')
  const project = makeTempProject()
  const profile = defaultProfile('StandaloneLinux64', 'development', 'Game')
  const cleanups: (() => Promise<void> | void)[] = [() => tdb.drop(), () => project.remove(), () => fs.rmSync(tmp, { recursive: true, force: true })]
  try {
    await migrate(tdb.db)
    const history = new PgHistoryStore(tdb.db, 'bench')

    // --- local runner -----------------------------------------------------------------------
    const local: Sample[] = []
    for (let i = 0; i < RUNS + 2; i++) {
      const from = fs.statSync(stamps).size
      const delivered: { ev: BuildProgressEvent; at: number }[] = []
      const t0 = now()
      const h = startBuild({
        projectRoot: project.root,
        profile,
        runner: new LocalRunner(),
        unity: { path: standinPath, version: '6000.1.3f1' },
        history,
        events: { progress: (ev) => delivered.push({ ev, at: now() }), log() {}, finished() {} },
      })
      const out = await h.done
      if (out.verdict.status !== 'succeeded') throw new Error(`local bench build failed: ${out.verdict.reason}`)
      if (i >= 2) local.push(sample(t0, readStamps(stamps, from), delivered)) // two warm-up runs
    }

    // --- farm: one real `slate worker` process on NATS ----------------------------------------
    let farm: Sample[] | null = null
    if (await reachable(NATS_URL)) {
      const root = `bench${crypto.randomUUID().slice(0, 8)}`
      const S = createSubjects(root)
      const bus = await NatsBus.connect({ url: NATS_URL })
      cleanups.unshift(async () => {
        await deleteStreams(bus.nc, S)
        await bus.close()
      })
      const client = { history, bus, subjects: S, buildQueue: await JetStreamWorkQueue.open<BuildQueueItem>(bus.nc, S) }
      const workerDir = path.join(tmp, 'worker')
      const worker = spawnSlate(['worker', '--runner', 'local', '--unity', standinPath, '--targets', 'StandaloneLinux64', '--name', 'bench'], {
        ...standinEnv,
        SLATE_NATS_URL: NATS_URL,
        SLATE_DATABASE_URL: tdb.url,
        SLATE_SUBJECT_ROOT: root,
        SLATE_DATA_DIR: workerDir,
      })
      cleanups.unshift(async () => {
        if (worker.child.exitCode === null) {
          worker.child.kill('SIGTERM')
          await worker.exited
        }
        stopOrphanPostgres(workerDir)
      })
      await worker.waitForLine(/waiting for jobs/)
      farm = []
      for (let i = 0; i < RUNS + 2; i++) {
        const from = fs.statSync(stamps).size
        const delivered: { ev: BuildProgressEvent; at: number }[] = []
        const t0 = now()
        const job = await submitFarmBuild(client, { jobId: crypto.randomUUID(), projectRoot: project.root, projectName: 'Game', profile, unityVersion: '6000.1.3f1' }, { progress: (ev) => delivered.push({ ev, at: now() }) })
        if (job.status !== 'succeeded') throw new Error(`farm bench build failed: ${job.reason}`)
        if (i >= 2) farm.push(sample(t0, readStamps(stamps, from), delivered))
      }
    } else {
      console.log(`farm: skipped, NATS is not reachable at ${NATS_URL}`)
    }

    console.log(`${RUNS} builds each (after 2 warm-up), stand-in replaying log 01 in 300 ms; times in ms`)
    console.log('runner  runs start p50 start p99 samples  log→progress p50  p99')
    console.log(row('local', local))
    if (farm) console.log(row('farm', farm))
    console.log('start = startBuild()/submit → Unity process started; log→progress = marker line written → progress event delivered')
  } finally {
    killRecordedPids(pidDir)
    for (const c of cleanups) await Promise.resolve(c()).catch((err) => console.error('bench build cleanup:', err))
  }
}

export { run }
