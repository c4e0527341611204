import type { SizeTrends as Trends } from '../../../../src-shared/types-buildsize'
import { TARGET_LABELS, formatBytes, formatDuration } from '../build-meta'

/** One series as a line (oldest left), scaled to its own maximum. Inline SVG. */
function Line({ values, label, format, width = 110, height = 30 }: { values: number[]; label: string; format(n: number): string; width?: number; height?: number }) {
  if (values.length < 2) return <span className="muted small">{values.length ? format(values[0]) : '—'}</span>
  const max = Math.max(...values, 1)
  const min = Math.min(...values)
  const span = Math.max(1, max - min)
  const x = (i: number) => (i / (values.length - 1)) * (width - 4) + 2
  const y = (v: number) => height - 3 - ((v - min) / span) * (height - 6)
  return (
    <svg width={width} height={height} className="bsz-line" role="img" aria-label={`${label}: ${values.map(format).join(', ')}`}>
      <polyline fill="none" strokeWidth={1.5} points={values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
      <circle cx={x(values.length - 1)} cy={y(values[values.length - 1])} r={2.5} />
    </svg>
  )
}

/** Per target: size and duration over the builds of the history, and the success rate. */
export function SizeTrendsStrip({ trends }: { trends: Trends | undefined }) {
  if (!trends || !trends.targets.length) return null
  return (
    <div className="bld-trends" data-testid="size-trends">
      {trends.targets.map((t) => {
        const sized = t.points.filter((p) => p.totalSize !== null)
        const timed = t.points.filter((p) => p.durationMs !== null && p.status === 'succeeded')
        return (
          <div key={t.target} className="bld-trend card" data-target={t.target}>
            <div className="bld-trend-text bsz-trend-text">
              <strong>{TARGET_LABELS[t.target] ?? t.target}</strong>
              <span className="small">
                {Math.round(t.successRate * 100)}% success · {t.succeeded}/{t.total}
              </span>
            </div>
            <div className="bsz-trend-col">
              <span className="muted small">size {sized.length ? formatBytes(sized[sized.length - 1].totalSize) : ''}</span>
              <Line values={sized.map((p) => p.totalSize!)} label="size" format={(n) => formatBytes(n)} />
            </div>
            <div className="bsz-trend-col">
              <span className="muted small">duration</span>
              <Line values={timed.map((p) => p.durationMs!)} label="duration" format={(n) => formatDuration(n)} />
            </div>
          </div>
        )
      })}
      <span className="muted small">{trends.source}</span>
    </div>
  )
}
