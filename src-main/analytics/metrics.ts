import type { AnalyticsMetrics } from '../../src-shared/types-runtime'
import type { Queryable } from '../store/db'

/** "7d", "24h", "30m", "2w" back from `now`, or an ISO time. Throws a message a person can act on. */
export function parseTime(v: string, now = Date.now()): Date {
  const m = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(v.trim())
  if (m) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2].toLowerCase() as 'm' | 'h' | 'd' | 'w']
    return new Date(now - Number(m[1]) * unit)
  }
  const t = Date.parse(v)
  if (!/^\d{4}-\d{2}-\d{2}/.test(v.trim()) || Number.isNaN(t)) throw new Error(`"${v}" is not a time: use a duration back from now (30m, 24h, 7d, 2w) or an ISO date (2026-11-30 or 2026-11-30T12:00:00Z)`)
  return new Date(t)
}

export interface MetricsQuery {
  from: Date
  to: Date
  projectId?: string | null
}

const GROUPS: Record<string, string> = {
  builds: "name = 'build.completed'",
  sessions: "name = 'runtime.session.ended'",
  assets: "name = 'asset.batch.finished'",
  projects: "name LIKE 'project.%'",
}

const rate = (ok: number, bad: number) => (ok + bad > 0 ? ok / (ok + bad) : null)
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))

/**
 * The metrics of a time range, from slate_analytics_events (the analytics service's table).
 * Success rates count succeeded against failed (a cancelled build or a stopped session is not a
 * failure: someone chose it); mean durations are over every completed build with a duration.
 * Network bytes are counters per container: a session's figure is its highest sample.
 */
export async function computeMetrics(db: Queryable, q: MetricsQuery): Promise<AnalyticsMetrics> {
  const p = [q.from.toISOString(), q.to.toISOString(), q.projectId ?? null]
  const where = `occurred_at >= $1 AND occurred_at < $2 AND ($3::uuid IS NULL OR project_id = $3::uuid OR project_id IS NULL)`
  const rows = async <R extends Record<string, unknown>>(sql: string, extra: unknown[] = []) => (await db.query<R>(sql, [...p, ...extra])).rows

  const byName = Object.fromEntries((await rows<{ name: string; n: string }>(`SELECT name, count(*) AS n FROM slate_analytics_events WHERE ${where} GROUP BY name`)).map((r) => [r.name, Number(r.n)]))
  const users = await rows<{ user_id: string; n: string }>(`SELECT user_id, count(*) AS n FROM slate_analytics_events WHERE ${where} AND user_id IS NOT NULL GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 100`)
  const builds = await rows<{ target: string; total: string; ok: string; bad: string; mean: string | null }>(
    `SELECT properties->>'target' AS target, count(*) AS total,
            count(*) FILTER (WHERE properties->>'status' = 'succeeded') AS ok,
            count(*) FILTER (WHERE properties->>'status' = 'failed') AS bad,
            avg((properties->>'durationMs')::float8) FILTER (WHERE jsonb_typeof(properties->'durationMs') = 'number') AS mean
       FROM slate_analytics_events WHERE ${where} AND name = 'build.completed' GROUP BY 1 ORDER BY 1`,
  )
  const [sess] = await rows<{ total: string; ok: string; bad: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE properties->>'status' = 'stopped') AS ok, count(*) FILTER (WHERE properties->>'status' = 'failed') AS bad
       FROM slate_analytics_events WHERE ${where} AND name = 'runtime.session.ended'`,
  )
  const [res] = await rows<{ cpu: string | null; mem: string | null; rx: string | null; tx: string | null }>(
    `SELECT avg(cpu) AS cpu, max(mem) AS mem, sum(rx) AS rx, sum(tx) AS tx FROM (
       SELECT avg((properties->>'cpuPercent')::float8) AS cpu, max((properties->>'memoryUsedBytes')::float8) AS mem,
              max((properties->>'netRxBytes')::float8) AS rx, max((properties->>'netTxBytes')::float8) AS tx
         FROM slate_analytics_events WHERE ${where} AND name = 'runtime.stats' GROUP BY properties->>'sessionId') s`,
  )
  const [assets] = await rows<{ batches: string; files: string | null; failed: string | null; ms: string | null }>(
    `SELECT count(*) AS batches, sum((properties->>'done')::float8) AS files, sum((properties->>'failed')::float8) AS failed,
            sum((properties->>'ms')::float8) FILTER (WHERE jsonb_typeof(properties->'ms') = 'number') AS ms
       FROM slate_analytics_events WHERE ${where} AND name = 'asset.batch.finished'`,
  )
  const logs = await rows<{ session_id: string; n: string }>(
    `SELECT properties->>'sessionId' AS session_id, sum((properties->>'lines')::bigint) AS n FROM slate_analytics_events
      WHERE ${where} AND name = 'runtime.log.volume' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 100`,
  )

  const bucket: 'hour' | 'day' = q.to.getTime() - q.from.getTime() <= 2 * 86_400_000 ? 'hour' : 'day'
  const groupCols = Object.entries(GROUPS).map(([g, cond]) => `count(e.id) FILTER (WHERE ${cond}) AS "${g}"`)
  const series = await rows<Record<string, string>>(
    `SELECT b.at, ${groupCols.join(', ')}, coalesce(sum((e.properties->>'lines')::bigint) FILTER (WHERE e.name = 'runtime.log.volume'), 0) AS "log lines"
       FROM generate_series(date_trunc($4, $1::timestamptz), $2::timestamptz, ('1 ' || $4)::interval) AS b(at)
       LEFT JOIN slate_analytics_events e ON date_trunc($4, e.occurred_at) = b.at AND e.occurred_at >= $1 AND e.occurred_at < $2
            AND ($3::uuid IS NULL OR e.project_id = $3::uuid OR e.project_id IS NULL)
      GROUP BY b.at ORDER BY b.at`,
    [bucket],
  )
  const groupNames = [...Object.keys(GROUPS), 'log lines']
  const okRuns = Number(sess?.ok ?? 0)
  const badRuns = Number(sess?.bad ?? 0)
  const files = num(assets?.files) ?? 0
  const ms = num(assets?.ms)
  return {
    range: { from: q.from.toISOString(), to: q.to.toISOString() },
    bucket,
    totals: { events: Object.values(byName).reduce((a, b) => a + b, 0), byName },
    projects: { created: byName['project.created'] ?? 0, updated: byName['project.updated'] ?? 0, deleted: byName['project.deleted'] ?? 0 },
    users: { active: users.length, eventsPerUser: users.map((u) => ({ userId: u.user_id, events: Number(u.n) })) },
    builds: builds.map((b) => ({ target: b.target ?? 'unknown', total: Number(b.total), succeeded: Number(b.ok), failed: Number(b.bad), successRate: rate(Number(b.ok), Number(b.bad)), meanDurationMs: num(b.mean) })),
    runtime: { sessions: Number(sess?.total ?? 0), succeeded: okRuns, failed: badRuns, successRate: rate(okRuns, badRuns), meanCpuPercent: num(res?.cpu), peakMemoryBytes: num(res?.mem), netRxBytes: num(res?.rx) ?? 0, netTxBytes: num(res?.tx) ?? 0 },
    assets: { batches: Number(assets?.batches ?? 0), files, failed: num(assets?.failed) ?? 0, filesPerMinute: ms && ms > 0 ? files / (ms / 60_000) : null },
    logs: logs.map((l) => ({ sessionId: l.session_id, lines: Number(l.n) })),
    series: { at: series.map((r) => new Date(r.at).toISOString()), groups: Object.fromEntries(groupNames.map((g) => [g, series.map((r) => Number(r[g]))])) },
  }
}
