/** bench/runtime.ts, part 3: container start → first log line stored, against `docker run`. */
import { execFileSync, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Docker from 'dockerode'
import type { NatsConnection } from '@nats-io/nats-core'
import type { Bus } from '../src-main/bus/bus'
import type { Subjects } from '../src-main/bus/subjects'
import { MemoryCache } from '../src-main/cache/memory-cache'
import { RuntimeOrchestrator } from '../src-main/runtime/orchestrator'
import { SESSION_LABEL } from '../src-main/runtime/session-config'
import { DataStore } from '../src-main/store/data-store'
import type { Database } from '../src-main/store/db'
import { ms, percentile, type ObservedSink } from './_runtime-common'

const here = path.dirname(fileURLToPath(import.meta.url))
const IMAGE = 'slate-runtime-test:busybox'
const RUNS = Number(process.env.SLATE_BENCH_RUNTIME_STARTS ?? 12)

/** `docker run` to its first byte of output, then to its exit. */
function dockerRun(): Promise<{ first: number; exit: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    let first = 0
    const p = spawn('docker', ['run', '--rm', '--network', 'none', '--user', '1000:1000', '--read-only', IMAGE, '/bin/sh', '-c', 'echo first'], { stdio: ['ignore', 'pipe', 'inherit'] })
    p.stdout.once('data', () => (first = performance.now() - t0))
    p.on('error', reject)
    p.on('exit', (code) => (code === 0 ? resolve({ first, exit: performance.now() - t0 }) : reject(new Error(`docker run exited with ${code}`))))
  })
}

export async function containerStartBench(o: { db: Database; bus: Bus; nc: NatsConnection; S: Subjects; sink: ObservedSink }): Promise<[string, string, string][]> {
  if (!process.env.DOCKER_HOST) return [['container start → first log line', 'skipped', 'no Docker engine: DOCKER_HOST is unset (eval "$(sh test/docker/start-dockerd.sh)")']]
  execFileSync('sh', [path.join(here, '../test/docker/build-runtime-image.sh')], { stdio: 'inherit' })
  const docker = new Docker()
  const store = new DataStore({ primary: o.db, local: null, cache: new MemoryCache(`bench-${randomUUID()}:`), bus: o.bus, subjects: o.S, clientId: 'bench' })
  const orch = new RuntimeOrchestrator({ docker, store, db: o.db, bus: o.bus, subjects: o.S, follow: true })
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bench-runtime-'))
  const sessions: string[] = []
  const first: number[] = []
  const live: number[] = []
  const running: number[] = []
  const base: number[] = []
  try {
    await dockerRun() // warm the engine's caches for both sides alike
    for (let i = 0; i < RUNS; i++) {
      const sessionId = randomUUID()
      sessions.push(sessionId)
      const stored = o.sink.stored((r) => r.sessionId === sessionId)
      let onBus!: (at: number) => void
      const heard = new Promise<number>((r) => (onBus = r))
      // what a console following the session shows: the line on the bus
      const sub = o.bus.subscribe(o.S.runtimeLog(sessionId), () => onBus(performance.now()))
      const t0 = performance.now()
      await orch.start({ sessionId, projectRoot: project, image: IMAGE, command: ['/bin/sh', '-c', 'echo first'] })
      running.push(performance.now() - t0)
      live.push((await heard) - t0)
      sub.unsubscribe()
      first.push((await stored) - t0)
      await orch.idle() // the container exits; its row and removal are done before the next
      base.push((await dockerRun()).first)
    }
  } finally {
    const left = await docker.listContainers({ all: true, filters: { label: [SESSION_LABEL] } })
    for (const c of left) if (sessions.includes(c.Labels[SESSION_LABEL])) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)
    fs.rmSync(project, { recursive: true, force: true })
  }
  return [
    [`container start → first log line on the bus (${RUNS} starts)`, `p50 ${ms(percentile(live, 50))}`, `p99 ${ms(percentile(live, 99))}; start() returned (running, recorded) p50 ${ms(percentile(running, 50))}`],
    ['container start → first log line stored (an info line: the 5 s interval flush)', `p50 ${ms(percentile(first, 50))}`, `p99 ${ms(percentile(first, 99))}`],
    ['baseline: `docker run` of the same image → first output', `p50 ${ms(percentile(base, 50))}`, `p99 ${ms(percentile(base, 99))}`],
  ]
}
