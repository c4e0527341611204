import { useMemo, useState } from 'react'
import type { AnalyticsMetrics } from '../../src-shared/types-runtime'
import { ErrorBox } from '../components/EmptyState'
import { ProfilerChart } from '../profiler/ProfilerChart'
import { useCall } from '../state/client'
import '../runtime/runtime.css'

const RANGES = [
  { since: '24h', label: 'Last 24 hours' },
  { since: '7d', label: 'Last 7 days' },
  { since: '30d', label: 'Last 30 days' },
  { since: '90d', label: 'Last 90 days' },
]
const COLORS = ['#60a5fa', '#34d399', '#fbbf24', '#a78bfa', '#f87171']

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`)
const secs = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`)
const mib = (b: number | null) => (b === null ? '–' : `${(b / 1024 / 1024).toFixed(1)} MiB`)

function Card({ title, figure, note, testId }: { title: string; figure: string; note?: string; testId?: string }) {
  return (
    <div className="analytics-card" data-testid={testId}>
      <div className="chart-title">{title}</div>
      <div className="figure">{figure}</div>
      {note && <div className="small muted">{note}</div>}
    </div>
  )
}

/**
 * What the analytics service stored (slate_analytics_events), over a range: the same figures as
 * `slate analytics --since …`, with the events over time as a chart.
 */
export default function AnalyticsView() {
  const [since, setSince] = useState('7d')
  const [onlyProject, setOnlyProject] = useState(false)
  const m = useCall('analytics.metrics', { since, project: onlyProject })
  return (
    <div className="view analytics-view" data-testid="view-analytics">
      <div className="view-header">
        <h1>Analytics</h1>
        <span className="muted small">Builds, runtime sessions, assets and activity, from what the bus carried (the analytics service stores it).</span>
        <span className="spacer" />
        <label className="small">
          <input type="checkbox" checked={onlyProject} onChange={(e) => setOnlyProject(e.target.checked)} /> this project only
        </label>
        <select value={since} onChange={(e) => setSince(e.target.value)} aria-label="Time range" data-testid="analytics-range">
          {RANGES.map((r) => (
            <option key={r.since} value={r.since}>
              {r.label}
            </option>
          ))}
        </select>
        <button className="secondary" onClick={m.reload}>
          Refresh
        </button>
      </div>
      {m.error && <ErrorBox error={m.error} action={<button className="secondary" onClick={m.reload}>Try again</button>} />}
      {m.loading && !m.data && <p className="muted">Reading the analytics…</p>}
      {m.data && <Metrics m={m.data} />}
    </div>
  )
}

function Metrics({ m }: { m: AnalyticsMetrics }) {
  const x = useMemo(() => m.series.at.map((t) => Date.parse(t) / 1000), [m])
  const series = useMemo(() => Object.entries(m.series.groups).filter(([g]) => g !== 'log lines').map(([label, values], i) => ({ label, values, color: COLORS[i % COLORS.length] })), [m])
  const logSeries = useMemo(() => [{ label: 'log lines', values: m.series.groups['log lines'] ?? [], color: COLORS[4] }], [m])
  const builds = m.builds.reduce((a, b) => ({ ok: a.ok + b.succeeded, bad: a.bad + b.failed }), { ok: 0, bad: 0 })
  return (
    <>
      <div className="analytics-cards" data-testid="analytics-cards">
        <Card title="Events" figure={String(m.totals.events)} note={`${new Date(m.range.from).toLocaleString()} → now`} />
        <Card title="Projects" figure={`${m.projects.created} / ${m.projects.updated} / ${m.projects.deleted}`} note="created / updated / deleted" />
        <Card title="Active users" figure={String(m.users.active)} />
        <Card title="Build success" figure={pct(builds.ok + builds.bad ? builds.ok / (builds.ok + builds.bad) : null)} note={`${builds.ok} succeeded, ${builds.bad} failed`} testId="analytics-build-success" />
        <Card title="Runtime sessions" figure={pct(m.runtime.successRate)} note={`${m.runtime.sessions} ended: ${m.runtime.succeeded} stopped, ${m.runtime.failed} failed`} />
        <Card title="Container use" figure={m.runtime.meanCpuPercent === null ? '–' : `${m.runtime.meanCpuPercent.toFixed(1)} % CPU`} note={`memory peak ${mib(m.runtime.peakMemoryBytes)} · rx ${mib(m.runtime.netRxBytes)} · tx ${mib(m.runtime.netTxBytes)}`} />
        <Card title="Asset processing" figure={m.assets.filesPerMinute === null ? '–' : `${m.assets.filesPerMinute.toFixed(1)} files/min`} note={`${m.assets.files} files in ${m.assets.batches} batches, ${m.assets.failed} failed`} />
      </div>
      <div className="runtime-charts">
        <ProfilerChart title={`Events per ${m.bucket}`} unit="events" x={x} series={series} time height={160} testId="analytics-chart-events" />
        <ProfilerChart title={`Log lines per ${m.bucket}`} unit="lines" x={x} series={logSeries} time height={160} testId="analytics-chart-logs" />
      </div>
      <h2 className="chart-title">Builds per target</h2>
      <table className="analytics-table" data-testid="analytics-builds">
        <thead>
          <tr>
            <th>Target</th>
            <th className="num">Builds</th>
            <th className="num">Succeeded</th>
            <th className="num">Failed</th>
            <th className="num">Success rate</th>
            <th className="num">Mean duration</th>
          </tr>
        </thead>
        <tbody>
          {m.builds.map((b) => (
            <tr key={b.target}>
              <td>{b.target}</td>
              <td className="num">{b.total}</td>
              <td className="num">{b.succeeded}</td>
              <td className="num">{b.failed}</td>
              <td className="num">{pct(b.successRate)}</td>
              <td className="num">{secs(b.meanDurationMs)}</td>
            </tr>
          ))}
          {!m.builds.length && (
            <tr>
              <td colSpan={6} className="muted">
                No build ended in this range.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="runtime-charts">
        <table className="analytics-table">
          <thead>
            <tr>
              <th>User</th>
              <th className="num">Events</th>
            </tr>
          </thead>
          <tbody>
            {m.users.eventsPerUser.slice(0, 20).map((u) => (
              <tr key={u.userId}>
                <td>{u.userId}</td>
                <td className="num">{u.events}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="analytics-table">
          <thead>
            <tr>
              <th>Session</th>
              <th className="num">Log lines</th>
            </tr>
          </thead>
          <tbody>
            {m.logs.slice(0, 20).map((l) => (
              <tr key={l.sessionId}>
                <td className="mono">{l.sessionId.slice(0, 8)}</td>
                <td className="num">{l.lines}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
