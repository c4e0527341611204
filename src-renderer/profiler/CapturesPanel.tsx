import { useState } from 'react'
import type { CaptureComparison, ImportSummary } from '../../src-shared/types-profiler'
import { BOTTLENECK_LABELS } from '../../src-shared/types-profiler'
import { useCall, useClient } from '../state/client'

const f2 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(2))

/** Saved and imported captures: record the current range, import a file of the project, compare two. */
export function CapturesPanel({ onRecord }: { onRecord: (() => Promise<unknown>) | null }) {
  const client = useClient()
  const list = useCall('profiler.captures.list', {})
  const [a, setA] = useState('')
  const [b, setB] = useState('')
  const [cmp, setCmp] = useState<CaptureComparison | null>(null)
  const [importPath, setImportPath] = useState('')
  const [imported, setImported] = useState<ImportSummary | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const fail = (err: unknown) => setProblem(err instanceof Error ? err.message : String(err))
  const caps = list.data ?? []
  return (
    <section className="analysis" data-testid="profiler-captures">
      <div className="panel-title">
        Captures
        {onRecord && (
          <button className="toggle" onClick={() => void onRecord().then(list.reload, fail)} data-testid="capture-record">
            Record range
          </button>
        )}
      </div>
      {list.error && <p className="small muted">{list.error.message}</p>}
      {caps.length === 0 && !list.error && <p className="small muted">No captures yet: record a range, or import a Profile Analyzer / Performance Testing file.</p>}
      <ul className="small" style={{ paddingLeft: 16, margin: '4px 0' }}>
        {caps.slice(0, 12).map((c) => (
          <li key={c.id}>
            {c.name} · {c.frames} frames · median {f2(c.frameTime?.median)} ms · {BOTTLENECK_LABELS[c.bottleneck]}
          </li>
        ))}
      </ul>
      {caps.length >= 2 && (
        <div className="actions small">
          <select value={a} onChange={(e) => setA(e.target.value)} aria-label="Capture A">
            <option value="">A…</option>
            {caps.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <select value={b} onChange={(e) => setB(e.target.value)} aria-label="Capture B">
            <option value="">B…</option>
            {caps.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button className="toggle" disabled={!a || !b} onClick={() => client.call('profiler.captures.compare', { a, b }).then(setCmp, fail)}>
            Compare
          </button>
        </div>
      )}
      {cmp && (
        <table className="figures" data-testid="capture-compare">
          <thead>
            <tr>
              <th>counter</th>
              <th>A median</th>
              <th>B median</th>
              <th>A p95</th>
              <th>B p95</th>
              <th>A max</th>
              <th>B max</th>
              <th>Δ</th>
            </tr>
          </thead>
          <tbody>
            {cmp.counters.slice(0, 30).map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td>{f2(c.a?.median)}</td>
                <td>{f2(c.b?.median)}</td>
                <td>{f2(c.a?.p95)}</td>
                <td>{f2(c.b?.p95)}</td>
                <td>{f2(c.a?.max)}</td>
                <td>{f2(c.b?.max)}</td>
                <td>{c.medianChange === null ? '–' : `${c.medianChange > 0 ? '+' : ''}${Math.round(c.medianChange * 100)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions small" style={{ marginTop: 6 }}>
        <input value={importPath} onChange={(e) => setImportPath(e.target.value)} placeholder="Assets/…/frameTime.csv" aria-label="File to import" style={{ flex: 1 }} />
        <button className="toggle" disabled={!importPath} onClick={() => client.call('profiler.import', { path: importPath, save: true }).then((s) => (setImported(s), list.reload()), fail)}>
          Import
        </button>
      </div>
      {imported && (
        <p className="small" data-testid="capture-imported">
          {imported.file}: {imported.kind}, {imported.frames} frames, median {f2(imported.frameTime?.median)} ms, {BOTTLENECK_LABELS[imported.bottleneck.verdict]}
        </p>
      )}
      {problem && <p className="small play-problem">{problem}</p>}
    </section>
  )
}
