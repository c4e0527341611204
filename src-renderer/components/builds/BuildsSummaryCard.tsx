import { useCall, useEvent } from '../../state/client'
import { useNavigation } from '../../state/navigation'
import { STATUS_LABELS, TARGET_LABELS, formatDuration, formatWhen } from './build-meta'
import { DurationBars } from './TargetTrends'
import './builds.css'

/**
 * The builds figures for the Dashboard: success rate of the recent finished builds, the last few
 * builds with their status, and the duration trend. Self-contained (its own call and event), so the
 * dashboard only has to place it: `<BuildsSummaryCard />`.
 */
export function BuildsSummaryCard({ limit = 6 }: { limit?: number }) {
  const { navigate } = useNavigation()
  const history = useCall('builds.history.list', { limit: 50 })
  useEvent('build.finished', () => history.reload())
  useEvent('build.progress', (ev) => ev.progress === 10 && history.reload())
  const jobs = history.data?.jobs ?? []
  // Cancelled builds say nothing about the project's health: the rate is over succeeded + failed.
  const finished = jobs.filter((j) => j.status === 'succeeded' || j.status === 'failed')
  const ok = finished.filter((j) => j.status === 'succeeded')
  const cancelled = jobs.filter((j) => j.status === 'cancelled').length
  const rate = finished.length ? Math.round((ok.length / finished.length) * 100) : null
  const durations = ok.slice(0, 12).map((j) => j.durationMs ?? 0).reverse()
  return (
    <div className="card bld-summary" data-testid="builds-summary-card">
      <div className="card-label">Builds</div>
      {history.error ? (
        <div className="muted small">Build history is unavailable: {history.error.message}</div>
      ) : !history.data ? (
        <div className="muted small">Loading…</div>
      ) : jobs.length === 0 ? (
        <div className="muted small">
          No builds yet.{' '}
          <button className="link-button" onClick={() => navigate({ view: 'builds' })}>
            Configure one
          </button>
        </div>
      ) : (
        <>
          <div className="bld-summary-head">
            <span className="card-value" data-testid="builds-summary-rate">
              {rate === null ? '—' : `${rate}%`}
            </span>
            <span className="muted small">
              success · {ok.length} of {finished.length} finished
              {cancelled > 0 && ` (${cancelled} cancelled not counted)`}
            </span>
            <span className="spacer" />
            <span title="Durations of recent successful builds, oldest first">
              <DurationBars values={durations} width={90} height={24} />
            </span>
          </div>
          <ul className="bld-summary-list">
            {jobs.slice(0, limit).map((j) => (
              <li key={j.id} className="bld-summary-row" title={j.reason ?? undefined}>
                <span className={`bld-badge bld-badge-${j.status}`}>{STATUS_LABELS[j.status]}</span>
                <button className="link-button bld-summary-target" onClick={() => navigate({ view: 'builds' })}>
                  {TARGET_LABELS[j.target] ?? j.target} <span className="muted">{j.type}</span>
                </button>
                <span className="muted bld-summary-when">
                  {formatDuration(j.durationMs)} · {formatWhen(j.startedAt ?? j.createdAt)}
                </span>
                <button className="link-button small" onClick={() => navigate({ view: 'console', build: j.id })} title="This build's log in the Console">
                  log
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
