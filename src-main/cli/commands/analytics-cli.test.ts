import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertAnalyticsEvents } from '../../store/bulk'
import { migrate } from '../../store/migrations'
import { createTestDatabase, type TestDatabase } from '../../store/testing/test-database'
import { runCli, useTeamDatabaseEnv } from '../testing/run-cli'

/** `slate analytics` in-process against a team PostgreSQL holding known events. */
describe('slate analytics', { timeout: 120_000 }, () => {
  let t: TestDatabase
  let env: ReturnType<typeof useTeamDatabaseEnv>

  beforeAll(async () => {
    t = await createTestDatabase('slate_test_analytics_cli')
    await migrate(t.db)
    const now = Date.now()
    const build = (status: string, durationMs: number, ago: number) => ({ name: 'build.completed', userId: 'dana', properties: { target: 'WebGL', status, durationMs }, occurredAt: new Date(now - ago).toISOString() })
    // two in the last hour (one of each outcome), one three days ago
    await insertAnalyticsEvents(t.db, [build('succeeded', 4000, 60_000), build('failed', 2000, 120_000), build('succeeded', 9000, 3 * 86_400_000)])
    env = useTeamDatabaseEnv(t.url, 'slate-cli-analytics-')
  })
  afterAll(async () => {
    env?.restore()
    await t?.drop()
  })

  const run = runCli


  it('--json: the stable shape, with the range’s success rate and mean duration per target', async () => {
    const r = await run('analytics', '--since', '1h', '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(Object.keys(j)).toEqual(['range', 'bucket', 'totals', 'projects', 'users', 'builds', 'runtime', 'assets', 'logs', 'series'])
    expect(j.builds).toEqual([{ target: 'WebGL', total: 2, succeeded: 1, failed: 1, successRate: 0.5, meanDurationMs: 3000 }])
    expect(j.users).toEqual({ active: 1, eventsPerUser: [{ userId: 'dana', events: 2 }] })
    const week = JSON.parse((await run('analytics', '--since', '7d', '--json')).out)
    expect(week.builds[0]).toMatchObject({ total: 3, succeeded: 2, meanDurationMs: 5000 })
    expect(week.bucket).toBe('day')
  })

  it('prints a summary a person reads, and refuses a time it cannot read', async () => {
    const r = await run('analytics', '--since', '1h')
    expect(r.out).toMatch(/WebGL\s+2 builds\s+success\s+50\.0 %\s+mean 3\.0 s/)
    const bad = await run('analytics', '--since', 'last tuesday')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/"last tuesday" is not a time: use a duration back from now/)
  })
})
