import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryCache } from '../cache/memory-cache'
import { DataStore } from '../store/data-store'
import { Database } from '../store/db'
import { TcpProxy } from '../store/testing/tcp-proxy'
import { waitFor } from '../store/testing/test-database'
import { openTestDataLayer, type TestDataLayer } from '../store/testing/test-data-layer'
import { AnalyticsCollector } from './collector'

/**
 * The collector reads the row an event announces before it stores an analytics event. Its
 * database going away meanwhile (here: cut at a TCP proxy) must delay those events, not lose them.
 */
describe('analytics while its database is unreachable', { timeout: 60_000 }, () => {
  let d: TestDataLayer
  let proxy: TcpProxy
  let db: Database
  let store: DataStore
  let collector: AnalyticsCollector

  beforeAll(async () => {
    d = await openTestDataLayer('slate_test_analytics_faults')
    const url = new URL(d.t.url)
    proxy = new TcpProxy(url.hostname, Number(url.port || 5432))
    await proxy.start()
    url.host = `127.0.0.1:${proxy.port}`
    db = new Database({ url: url.toString(), label: 'PostgreSQL behind a cuttable proxy', connectTimeoutMs: 1000 })
    store = new DataStore({ primary: db, local: null, cache: new MemoryCache(`analytics-faults-${randomUUID()}:`), bus: d.bus, subjects: d.subjects, clientId: 'analytics-faults' })
    collector = new AnalyticsCollector({ bus: d.bus, subjects: d.subjects, store, intervalMs: 100 })
    collector.start()
  })
  afterAll(async () => {
    await collector?.stop()
    await store?.close().catch(() => undefined)
    await proxy?.close()
    await d?.close()
  })

  const stored = async (name: string) => Number((await d.t.db.query<{ n: string }>('SELECT count(*) AS n FROM slate_analytics_events WHERE name = $1', [name])).rows[0].n)

  it('events announced while the collector cannot read their rows are stored once it can', async () => {
    await proxy.cut()
    // written by another SLATE that still reaches the database; the events reach the collector on the bus
    const project = await d.store.projects.create({ name: 'cut', ownerId: 'alice', settings: {} })
    const job = await d.store.buildJobs.create({ projectId: project.id, userId: 'alice', buildType: 'development', targetPlatform: 'StandaloneLinux64', status: 'queued' })
    await d.store.buildJobs.update(job.id, { status: 'failed', progress: 100, durationMs: '1500', completedAt: new Date().toISOString() })
    await d.bus.flush()
    // both handlers have met the cut database at least once
    await waitFor(() => collector.counters.failures >= 2, 'reads failing at the cut proxy')
    expect(collector.inFlight()).toBeGreaterThan(0)

    await proxy.restore()
    await waitFor(async () => (await stored('build.completed')) === 1 && (await stored('project.created')) === 1 && collector.inFlight() === 0, 'the delayed events stored', 30_000, 50)
    const [build] = (await d.t.db.query<{ properties: { status: string; durationMs: number } }>("SELECT properties FROM slate_analytics_events WHERE name = 'build.completed'")).rows
    expect(build.properties).toMatchObject({ status: 'failed', durationMs: 1500 })
    expect(collector.counters.dropped).toBe(0)
  })
})
