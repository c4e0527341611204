import { BOTTLENECK_LABELS, type CounterFigures, type ProfilerAnalysis } from '../../src-shared/types-profiler'

const fmt = (v: number, unit: string) =>
  unit === 'bytes' ? (v >= 1024 * 1024 ? `${(v / 1024 / 1024).toFixed(1)} MB` : v >= 1024 ? `${(v / 1024).toFixed(1)} KB` : `${Math.round(v)} B`) : unit === 'ms' ? `${v.toFixed(2)} ms` : unit === 'share' ? `${Math.round(v * 100)}%` : Math.round(v).toLocaleString('en-US')

/** The verdict, the recommendations (each with its figure and threshold) and the figures of a range. */
export function AnalysisPanel({ analysis, label }: { analysis: ProfilerAnalysis; label: string }) {
  const a = analysis
  const one = a.frames === 1
  return (
    <section className="analysis" data-testid="profiler-analysis">
      <div className="panel-title">
        {one ? `Frame ${a.fromFrame}` : `Frames ${a.fromFrame ?? '–'}–${a.toFrame ?? '–'} (${a.frames})`} · {label}
      </div>
      <div className={`verdict verdict-${a.bottleneck.verdict}`} data-testid="profiler-verdict">
        {BOTTLENECK_LABELS[a.bottleneck.verdict]}
      </div>
      <p className="small muted">{a.bottleneck.reason}</p>
      {a.frameTime && (
        <p className="small">
          Frame time ({a.frameTime.name}): median <b>{fmt(a.frameTime.median, 'ms')}</b>, p95 {fmt(a.frameTime.p95, 'ms')}, max {fmt(a.frameTime.max, 'ms')} · budget {fmt(a.budgetMs, 'ms')} at {a.targetFps} fps
        </p>
      )}
      {a.recommendations.length === 0 ? (
        <p className="small muted">No recommendation for this range.</p>
      ) : (
        a.recommendations.map((r) => (
          <div key={r.id} className={`rec rec-${r.severity}`} data-testid="profiler-recommendation" data-rec={r.id}>
            <div>
              <b>{r.title}</b>
            </div>
            <div className="small">{r.detail}</div>
            <div className="small muted">
              Figure: {r.figure.name} = {fmt(r.figure.value, r.figure.unit)} · threshold: {fmt(r.threshold.value, r.threshold.unit)} ({r.threshold.text})
            </div>
          </div>
        ))
      )}
      <FiguresTable counters={a.counters} single={one} />
    </section>
  )
}

function FiguresTable({ counters, single }: { counters: CounterFigures[]; single: boolean }) {
  if (counters.length === 0) return null
  return (
    <table className="figures" data-testid="profiler-figures">
      <thead>
        <tr>
          <th>counter</th>
          {single ? <th>value</th> : (
            <>
              <th>median</th>
              <th>p95</th>
              <th>max</th>
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {counters.slice(0, 40).map((c) => (
          <tr key={c.name}>
            <td>{c.name}</td>
            {single ? (
              <td>{fmt(c.median, c.unit)}</td>
            ) : (
              <>
                <td>{fmt(c.median, c.unit)}</td>
                <td>{fmt(c.p95, c.unit)}</td>
                <td>{fmt(c.max, c.unit)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
