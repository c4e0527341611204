import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestChild } from '../../test/runtime/child'
import { openLogFixture, type LogFixture } from '../../test/runtime/log-fixture'
import { waitFor } from '../store/testing/test-database'
import { LogAggregator } from './log-aggregator'
import type { LogBatchMessage } from './log-lines'
import { PgLogSink } from './log-sink'
import { RuntimeClient } from './orchestrator-service'
import { SESSION_LABEL } from './session-config'

const IMAGE = 'slate-runtime-test:busybox'
const hasDocker = !!process.env.DOCKER_HOST

/**
 * Two container services on one engine (a queue group, as `slate services --only container` on two
 * hosts): each running session is followed by one of them, so its lines are published once; when
 * that one dies, the other takes the session over once the lease lapses, and no line is lost.
 */
describe.skipIf(!hasDocker)('several orchestrators on one engine (real Docker, NATS, PostgreSQL)', () => {
  const docker = new Docker()
  let f: LogFixture
  let agg: LogAggregator
  let project: string
  const children: TestChild[] = []
  const sid = randomUUID()

  beforeAll(async () => {
    execFileSync('sh', [path.join(__dirname, '../../test/docker/build-runtime-image.sh')], { stdio: 'inherit' })
    f = await openLogFixture(0)
    agg = new LogAggregator({ bus: f.bus, subjects: f.S, sink: new PgLogSink(f.t.db), intervalMs: 100, jetstream: { nc: f.nc, durable: 'agg' } })
    await agg.start()
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-two-orch-'))
  }, 120_000)

  afterAll(async () => {
    for (const c of children) await c.kill()
    for (const c of await docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${sid}`] } })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)
    await agg?.stop()
    await f?.close()
    fs.rmSync(project, { recursive: true, force: true })
  })

  // 3 s: renewed every second, so a loaded machine's stalls do not lapse a live follower's lease
  const orchestrator = () => {
    const c = new TestChild('orchestrator-child.ts', { SLATE_TEST_DB_URL: f.t.url, SLATE_TEST_SUBJECT_ROOT: f.S.root, SLATE_TEST_LEASE_TTL_MS: '3000' })
    children.push(c)
    return c
  }
  const holder = async () => (await f.t.db.query<{ owner: string }>('SELECT owner FROM slate_runtime_follow_leases WHERE session_id = $1', [sid])).rows[0]?.owner ?? null
  const stored = async () => (await f.t.db.query<{ message: string }>('SELECT message FROM slate_runtime_logs WHERE session_id = $1', [sid])).rows.map((r) => r.message)
  const ownerOf = async (c: TestChild) => String((await c.event('owner')).owner)

  it('one follows each session; the other adopts it when that one dies, and every line is stored', async () => {
    const [a, b] = [orchestrator(), orchestrator()]
    await Promise.all([a.event('ready'), b.event('ready')])
    const owners = new Map([[await ownerOf(a), a], [await ownerOf(b), b]])

    const heard = new Map<string, number>()
    const sub = f.bus.subscribe<LogBatchMessage>(f.S.runtimeLog(sid), (m) => {
      for (const l of m.data.lines ?? []) heard.set(l.id, (heard.get(l.id) ?? 0) + 1)
    })
    const client = new RuntimeClient(f.bus, f.S)
    const s = await client.start({ sessionId: sid, projectRoot: project, image: IMAGE, command: ['/bin/sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.05; done'] })
    expect(s.status).toBe('running')
    const first = await waitFor(holder, 'a follower of the session')
    const follower = owners.get(first)!
    expect(follower).toBeDefined()

    // an instance started while the session runs (it reconciles at once, then every second) sees
    // the session and leaves it to its follower, as does the one that did not start it
    const late = orchestrator()
    owners.set(await ownerOf(late), late)
    const leftAlone = (c: TestChild) => c.waitFor((e) => e.event === 'pass' && Number(e.othersFollow) >= 1 && c.events.filter((x) => x.event === 'pass' && Number(x.othersFollow) >= 1).length >= 2, 'two passes that leave the session alone')
    await Promise.all([leftAlone(late), leftAlone(follower === a ? b : a)])
    await waitFor(async () => (await stored()).length >= 20, 'the first lines')
    await f.bus.flush()
    expect(heard.size).toBeGreaterThanOrEqual(20)
    expect([...heard.values()].every((n) => n === 1)).toBe(true) // followed once: each line published once

    await follower.kill()
    const adopted = await waitFor(async () => {
      const h = await holder()
      return h && h !== first ? h : null
    }, 'the other instance to take the session over', 30_000, 100)
    expect(owners.get(adopted)).not.toBe(follower)
    const atTakeover = (await stored()).length
    await waitFor(async () => (await stored()).length >= atTakeover + 20, 'lines after the takeover', 30_000, 100)

    expect((await client.stop(sid)).status).toBe('stopped')
    sub.unsubscribe()
    // nothing lost across the takeover: every tick from 0 to the last one stored, each once
    const ticks = (await stored()).map((m) => Number(m.replace('tick ', ''))).sort((x, y) => x - y)
    expect(ticks.length).toBe(new Set(ticks).size)
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, i) => i))
    // the follower lets go once it sees the container end (the stop may have been answered by another instance)
    await waitFor(async () => (await holder()) === null, 'the lease to be released', 30_000, 100)
  }, 120_000)
})
