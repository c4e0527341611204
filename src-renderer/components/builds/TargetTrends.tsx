import type { BuildTargetStats } from '../../../src-shared/types-builds'
import { TARGET_LABELS, formatDuration } from './build-meta'

/** Durations of the last successful builds as bars (oldest left), scaled to the slowest. Inline SVG. */
export function DurationBars({ values, width = 120, height = 28 }: { values: number[]; width?: number; height?: number }) {
  if (values.length === 0) return <span className="muted small">no successful build yet</span>
  const max = Math.max(...values, 1)
  const gap = 2
  // Bars stay thin with few builds: one wide block reads as a meter, not a trend.
  const w = Math.min(12, Math.max(2, (width - gap * (values.length - 1)) / values.length))
  return (
    <svg width={width} height={height} className="bld-spark" role="img" aria-label={`durations: ${values.map((v) => formatDuration(v)).join(', ')}`}>
      {values.map((v, i) => {
        const h = Math.max(2, (v / max) * (height - 2))
        return (
          <rect key={i} x={i * (w + gap)} y={height - h} width={w} height={h} rx={1} className={i === values.length - 1 ? 'last' : ''}>
            <title>{formatDuration(v)}</title>
          </rect>
        )
      })}
    </svg>
  )
}

/** A ring of the success rate. */
function RateRing({ rate }: { rate: number }) {
  const r = 13
  const c = 2 * Math.PI * r
  const color = rate >= 0.8 ? 'var(--green)' : rate >= 0.5 ? 'var(--orange)' : 'var(--red)'
  return (
    <svg width={32} height={32} viewBox="0 0 32 32" aria-hidden>
      <circle cx={16} cy={16} r={r} fill="none" stroke="var(--slate-800)" strokeWidth={4} />
      <circle cx={16} cy={16} r={r} fill="none" stroke={color} strokeWidth={4} strokeDasharray={`${rate * c} ${c}`} transform="rotate(-90 16 16)" />
    </svg>
  )
}

/** Per target: success rate and the duration trend of recent successful builds. */
export function TargetTrends({ stats }: { stats: BuildTargetStats[] }) {
  if (!stats.length) return null
  return (
    <div className="bld-trends" data-testid="build-trends">
      {stats.map((s) => (
        <div key={s.target} className="bld-trend card" data-target={s.target}>
          <RateRing rate={s.successRate} />
          <div className="bld-trend-text">
            <strong>{TARGET_LABELS[s.target] ?? s.target}</strong>
            <span className="small" data-testid="trend-rate">
              {Math.round(s.successRate * 100)}% success · {s.succeeded} of {s.total} finished (cancelled not counted)
            </span>
            <span className="muted small">median {formatDuration(s.medianDurationMs)}</span>
          </div>
          <DurationBars values={s.recentDurationsMs} />
        </div>
      ))}
    </div>
  )
}
