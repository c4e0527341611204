import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { AnalyticsMetrics } from '../../../src-shared/types-runtime'
import { computeMetrics, parseTime } from '../../analytics/metrics'
import { SlateCore } from '../../host/slate-core'
import { startDataServices } from '../../host/start-data-services'
import { projectIdForFolder } from '../../store/project-id'
import { CliError, type CliCommand } from '../command'

const usage = `Usage: slate analytics [--since 7d|<ISO>] [--until <ISO>|<duration>] [--project <folder>] [--json]

What the analytics service stored (slate_analytics_events) over a time range: projects created,
updated and deleted; active users and events per user; build success rate and mean duration per
target; runtime session outcomes and resource use; asset-processing throughput; log lines per
session. Success rates count succeeded against failed (a cancelled build or a stopped session is
not a failure). It only reads the database.

Options:
  --since    start of the range: 30m, 24h, 7d, 2w back from now, or an ISO time (default 7d)
  --until    end of the range (default now)
  --project  only the events of this project folder
  --json     one JSON object, the shape of the analytics.metrics API call (stable: fields are
             only ever added): range, bucket, totals, projects, users, builds, runtime, assets,
             logs, series`

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`)
const secs = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`)
const mib = (b: number | null) => (b === null ? '–' : `${(b / 1024 / 1024).toFixed(1)} MiB`)

export function formatMetrics(m: AnalyticsMetrics): string {
  const out = [
    `Analytics ${m.range.from} → ${m.range.to}: ${m.totals.events} events`,
    `Projects: ${m.projects.created} created, ${m.projects.updated} updated, ${m.projects.deleted} deleted`,
    `Users: ${m.users.active} active${m.users.eventsPerUser.length ? ` (${m.users.eventsPerUser.slice(0, 10).map((u) => `${u.userId} ${u.events}`).join(', ')})` : ''}`,
    'Builds:',
    ...(m.builds.length ? m.builds.map((b) => `  ${b.target.padEnd(20)} ${String(b.total).padStart(5)} builds  success ${pct(b.successRate).padStart(8)}  mean ${secs(b.meanDurationMs)}`) : ['  none']),
    `Runtime: ${m.runtime.sessions} sessions ended, success ${pct(m.runtime.successRate)}; CPU mean ${m.runtime.meanCpuPercent === null ? '–' : `${m.runtime.meanCpuPercent.toFixed(1)} %`}, memory peak ${mib(m.runtime.peakMemoryBytes)}, network rx ${mib(m.runtime.netRxBytes)} tx ${mib(m.runtime.netTxBytes)}`,
    `Assets: ${m.assets.batches} batches, ${m.assets.files} files processed, ${m.assets.failed} failed${m.assets.filesPerMinute === null ? '' : `, ${m.assets.filesPerMinute.toFixed(1)} files/min`}`,
    'Log lines per session:',
    ...(m.logs.length ? m.logs.slice(0, 20).map((l) => `  ${l.sessionId}  ${l.lines}`) : ['  none']),
  ]
  return `${out.join('\n')}\n`
}

export const analyticsCommand: CliCommand = {
  name: 'analytics',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { since: { type: 'string', default: '7d' }, until: { type: 'string' }, project: { type: 'string' }, json: { type: 'boolean', default: false } },
    })
    if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${usage}`)
    let from: Date
    let to: Date
    try {
      from = parseTime(values.since ?? '7d')
      to = values.until ? parseTime(values.until) : new Date()
    } catch (err) {
      throw new CliError((err as Error).message)
    }
    if (from >= to) throw new CliError(`the range is empty: ${from.toISOString()} is not before ${to.toISOString()}`)
    let projectId: string | null = null
    if (values.project) {
      const root = path.resolve(values.project)
      if (!fs.existsSync(root)) throw new CliError(`there is no folder at ${root}`)
      projectId = projectIdForFolder(root)
    }
    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    try {
      const data = await startDataServices(core, { migrate: false })
      const m = await computeMetrics(data.db, { from, to, projectId })
      process.stdout.write(values.json ? `${JSON.stringify(m, null, 2)}\n` : formatMetrics(m))
      return 0
    } catch (err) {
      if (err instanceof CliError) throw err
      throw new CliError(`reading analytics failed: ${err instanceof Error ? err.message : String(err)}`)
    } finally {
      await core.dispose()
    }
  },
}
