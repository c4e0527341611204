import { randomUUID } from 'node:crypto'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackendService } from '../core/backend-service'
import { waitFor } from '../store/testing/test-database'
import { openTestDataLayer, type TestDataLayer } from '../store/testing/test-data-layer'
import { computeMetrics, parseTime } from './metrics'
import { startAnalyticsService } from './service'

/** Events on the bus (NATS) → stored in slate_analytics_events (PostgreSQL) → the metrics of a range. */
describe('analytics service', { timeout: 60_000 }, () => {
  let d: TestDataLayer
  let service: BackendService
  const lines: string[] = []

  beforeAll(async () => {
    d = await openTestDataLayer('slate_test_analytics')
    service = await startAnalyticsService({ bus: d.bus, subjects: d.subjects, store: d.store, intervalMs: 100 }, { metrics: new Registry(), log: (l) => lines.push(l) })
  })
  afterAll(async () => {
    await service?.drain()
    await d?.close()
  })

  const stored = async (name?: string) => Number((await d.t.db.query<{ n: string }>('SELECT count(*) AS n FROM slate_analytics_events WHERE $1::text IS NULL OR name = $1', [name ?? null])).rows[0].n)

  it('stores build outcomes, project changes, session outcomes, samples, asset batches and log volume, and sums them right', async () => {
    const from = new Date(Date.now() - 60_000)
    const project = await d.store.projects.create({ name: 'game', ownerId: 'alice', settings: {} })
    await d.store.projects.update(project.id, { description: 'a game' })
    const other = await d.store.projects.create({ name: 'old', ownerId: 'bob', settings: {} })
    await d.store.projects.softDelete(other.id)

    // builds with known durations and outcomes: Linux 2 of 3 succeed (mean 2000 ms), Android 1 of 1 (a cancel is no failure)
    const builds: [string, 'StandaloneLinux64' | 'Android', 'succeeded' | 'failed' | 'cancelled', number][] = [
      ['alice', 'StandaloneLinux64', 'succeeded', 1000],
      ['alice', 'StandaloneLinux64', 'succeeded', 3000],
      ['bob', 'StandaloneLinux64', 'failed', 2000],
      ['bob', 'Android', 'succeeded', 500],
      ['bob', 'Android', 'cancelled', 100],
    ]
    for (const [userId, targetPlatform, status, ms] of builds) {
      const job = await d.store.buildJobs.create({ projectId: project.id, userId, buildType: 'development', targetPlatform, status: 'queued' })
      await d.store.buildJobs.update(job.id, { status: 'running', startedAt: new Date().toISOString() })
      await d.store.buildJobs.update(job.id, { status, progress: 100, durationMs: String(ms), completedAt: new Date().toISOString() })
      // the same end state announced again (another SLATE, a redelivery) is stored once
      await d.store.buildJobs.update(job.id, { metadata: { seenAgain: true } })
    }

    const sessions: string[] = []
    for (const end of ['stopped', 'failed', 'stopped'] as const) {
      const s = await d.store.runtimeSessions.create({ projectId: project.id, userId: 'carol', runtimeType: 'unity', status: 'starting', containerConfig: { image: 'x' } })
      sessions.push(s.id)
      await d.store.runtimeSessions.update(s.id, { status: 'running', startedAt: new Date().toISOString() })
      await d.store.runtimeSessions.update(s.id, { status: end, stoppedAt: new Date().toISOString(), errorMessage: end === 'failed' ? 'exited with code 1' : null })
    }
    const S = d.subjects
    const at = Date.now()
    // resource samples: session 0 at 10 % then 30 % CPU, 100 then 300 bytes, rx counter 1000 → 2000; session 1 at 20 %
    d.bus.publish(S.runtimeEvent(sessions[0], 'stats'), { sessionId: sessions[0], at, cpuPercent: 10, memoryUsedBytes: 100, netRxBytes: 1000, netTxBytes: 10 })
    d.bus.publish(S.runtimeEvent(sessions[0], 'stats'), { sessionId: sessions[0], at: at + 1000, cpuPercent: 30, memoryUsedBytes: 300, netRxBytes: 2000, netTxBytes: 20 })
    d.bus.publish(S.runtimeEvent(sessions[1], 'stats'), { sessionId: sessions[1], at, cpuPercent: 20, memoryUsedBytes: 200, netRxBytes: 500, netTxBytes: 5 })
    const batchId = randomUUID()
    d.bus.publish(S.assetBatchProgress(batchId), { batchId, phase: 'started', done: 0, failed: 0, total: 11 })
    d.bus.publish(S.assetBatchProgress(batchId), { batchId, phase: 'file', done: 1, failed: 0, total: 11 })
    d.bus.publish(S.assetBatchProgress(batchId), { batchId, phase: 'finished', done: 10, failed: 1, total: 11 })
    const line = (i: number) => ({ id: randomUUID(), sessionId: sessions[0], level: 'info', message: `l${i}`, timestamp: new Date().toISOString() })
    d.bus.publish(S.runtimeLog(sessions[0]), { lines: [line(1), line(2), line(3)] })
    d.bus.publish(S.runtimeLog(sessions[0]), line(4))
    d.bus.publish(S.runtimeLog(sessions[1]), { lines: [{ ...line(5), sessionId: sessions[1] }] })
    await d.bus.flush()

    // 4 project changes + 5 builds + 3 starts + 3 ends + 3 samples + 1 batch + 2 log volumes
    await waitFor(async () => (await stored()) >= 21 && (await stored('runtime.log.volume')) >= 2, 'the events stored', 20_000, 50).catch(async (err: unknown) => {
      // say what did arrive, and what the service said, so a failure names the missing kind
      const byName = (await d.t.db.query<{ name: string; n: string }>('SELECT name, count(*) AS n FROM slate_analytics_events GROUP BY name ORDER BY name')).rows
      throw new Error(`${String(err)}; stored: ${JSON.stringify(byName)}; service: ${JSON.stringify(service.health())}; log: ${lines.join(' | ')}`)
    })
    await waitFor(() => service.inFlight() === 0, 'nothing in flight')
    expect(await stored('build.completed')).toBe(5)
    expect(service.health()).toMatchObject({ ok: true })

    const m = await computeMetrics(d.t.db, { from, to: new Date(Date.now() + 60_000) })
    expect(m.projects).toEqual({ created: 2, updated: 1, deleted: 1 })
    const linux = m.builds.find((b) => b.target === 'StandaloneLinux64')!
    expect(linux).toMatchObject({ total: 3, succeeded: 2, failed: 1, meanDurationMs: 2000 })
    expect(linux.successRate).toBeCloseTo(2 / 3, 10)
    expect(m.builds.find((b) => b.target === 'Android')).toMatchObject({ total: 2, succeeded: 1, failed: 0, successRate: 1, meanDurationMs: 300 })
    expect(m.runtime).toMatchObject({ sessions: 3, succeeded: 2, failed: 1, peakMemoryBytes: 300, netRxBytes: 2500, netTxBytes: 25 })
    expect(m.runtime.successRate).toBeCloseTo(2 / 3, 10)
    expect(m.runtime.meanCpuPercent).toBeCloseTo(20, 10) // mean of the sessions' means: (20 + 20) / 2
    expect(m.assets).toMatchObject({ batches: 1, files: 10, failed: 1 })
    expect(m.assets.filesPerMinute).toBeGreaterThan(0)
    expect(m.logs).toEqual([
      { sessionId: sessions[0], lines: 4 },
      { sessionId: sessions[1], lines: 1 },
    ])
    // alice: project created + 2 builds; bob: project created + 3 builds; carol: 3 starts + 3 ends
    expect(m.users.active).toBe(3)
    expect(Object.fromEntries(m.users.eventsPerUser.map((u) => [u.userId, u.events]))).toEqual({ alice: 3, bob: 4, carol: 6 })
    expect(m.bucket).toBe('hour')
    expect(m.series.groups.builds.reduce((a, b) => a + b, 0)).toBe(5)
    expect(m.series.groups['log lines'].reduce((a, b) => a + b, 0)).toBe(5)

    // a range before everything: zeros, no rates
    const empty = await computeMetrics(d.t.db, { from: new Date(Date.now() - 7 * 86_400_000), to: from })
    expect(empty.builds).toEqual([])
    expect(empty.runtime.successRate).toBeNull()
    expect(empty.bucket).toBe('day')
  })

  it('parses ranges the CLI and the view take', () => {
    const now = Date.parse('2026-12-01T12:00:00Z')
    expect(parseTime('7d', now).toISOString()).toBe('2026-11-24T12:00:00.000Z')
    expect(parseTime('90m', now).toISOString()).toBe('2026-12-01T10:30:00.000Z')
    expect(parseTime('2026-11-30T00:00:00Z', now).toISOString()).toBe('2026-11-30T00:00:00.000Z')
    expect(() => parseTime('yesterday', now)).toThrow(/not a time/)
  })
})
