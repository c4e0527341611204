import { useState } from 'react'
import { useCall } from '../../state/client'
import { BatchFiles } from './BatchFiles'
import { optionsText } from './figures'

/** The latest batches (previews and runs, newest first), each opening to its files. */
export function BatchHistory({ root, version }: { root: string; version: number }) {
  const history = useCall('assets.process.history', { limit: 50 }, String(version))
  const [open, setOpen] = useState<string | null>(null)
  if (history.error) return <div className="proc-error">{history.error.message}</div>
  if (!history.data) return <div className="muted">Loading…</div>
  if (!history.data.length) return <div className="muted" data-testid="proc-history-empty">No batch yet.</div>
  return (
    <div className="proc-history" data-testid="proc-history">
      {history.data.map((b) => (
        <div key={b.batchId} className="proc-history-item" data-testid="proc-history-item" data-kind={b.kind}>
          <button className="link proc-history-head" onClick={() => setOpen(open === b.batchId ? null : b.batchId)} aria-expanded={open === b.batchId}>
            <span>{new Date(b.startedAt).toLocaleString()}</span>
            <span className={`proc-badge ${b.kind}`}>{b.kind}</span>
            <span data-testid="proc-history-counts">
              {b.done - b.failed}/{b.total} done{b.failed ? `, ${b.failed} failed` : ''}
              {b.cancelled ? ', cancelled' : ''}
            </span>
            <span className="muted">{optionsText(b.options)}</span>
            <span className="muted small">{(b.ms / 1000).toFixed(1)} s</span>
          </button>
          {open === b.batchId && (
            <div className="proc-history-body">
              <div className="small muted">{b.outDir ? `Outputs in ${b.outDir}` : 'Outputs beside each source'}</div>
              <BatchFiles files={b.files} root={root} />
            </div>
          )}
        </div>
      ))}
    </div>
  )
}
