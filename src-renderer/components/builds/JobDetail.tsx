import { useState } from 'react'
import { ErrorBox } from '../EmptyState'
import { useCall } from '../../state/client'
import { useNavigation } from '../../state/navigation'
import { STATUS_LABELS, TARGET_LABELS, formatBytes, formatDuration } from './build-meta'
import { CompilerErrors } from './CompilerErrors'

const ASSETS_SHOWN = 100

/** One build from history: verdict and reason, commit, steps with durations, messages, packed assets. */
export function JobDetail({ jobId, onClose }: { jobId: string; onClose(): void }) {
  const job = useCall('builds.history.get', { jobId })
  const [showCmd, setShowCmd] = useState(false)
  const { navigate } = useNavigation()
  if (job.error) return <ErrorBox error={job.error} action={<button className="secondary" onClick={onClose}>Close</button>} />
  const j = job.data
  if (!j) return <div className="loading">Loading build {jobId.slice(0, 8)}…</div>
  const maxStep = Math.max(1, ...j.steps.map((s) => s.durationMs))
  const biggest = j.packedAssets[0]?.size ?? 1
  return (
    <section className="bld-detail card" data-testid="job-detail" data-job={j.id}>
      <header className="bld-live-head">
        <span className={`bld-badge bld-badge-${j.status}`}>{STATUS_LABELS[j.status]}</span>
        <strong>
          {TARGET_LABELS[j.target] ?? j.target} · {j.type}
        </strong>
        <span className="chip">{j.runner}</span>
        {j.origin === 'imported' && <span className="chip" title="Imported from Library/BuildHistory">imported</span>}
        <span className="spacer" />
        <button className="link-button" onClick={() => navigate({ view: 'console', build: jobId })} title="The full Unity log in the Console, with filters and search">
          Open log
        </button>
        <button className="link-button" onClick={onClose} data-testid="job-detail-close">
          Close
        </button>
      </header>
      {j.reason ? (
        <div className={j.status === 'cancelled' ? 'bld-verdict muted' : 'bld-verdict error-box'} data-testid="detail-reason">
          {j.failureKind && <span className="chip">{j.failureKind}</span>} {j.reason}
        </div>
      ) : (
        j.status === 'succeeded' && <div className="bld-verdict ok-text" data-testid="detail-reason">Succeeded: from Unity's build report and exit code.</div>
      )}
      <dl className="bld-props">
        <dt>Result</dt>
        <dd>{j.result ?? '—'}</dd>
        <dt>Commit</dt>
        <dd className="mono" data-testid="detail-commit">{j.sourceCommit ? j.sourceCommit.slice(0, 12) : 'not a git repository'}</dd>
        <dt>Unity</dt>
        <dd>{j.unityVersion ?? '—'}</dd>
        <dt>Started</dt>
        <dd>{j.startedAt ? new Date(j.startedAt).toLocaleString() : '—'}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(j.durationMs)}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(j.totalSize)}</dd>
        <dt>Output</dt>
        <dd className="mono">{j.outputPath ?? '—'}</dd>
        {j.worker && (
          <>
            <dt>Worker</dt>
            <dd>{j.worker}</dd>
          </>
        )}
      </dl>
      {j.commandLine.length > 0 && (
        <div>
          <button className="link-button" onClick={() => setShowCmd(!showCmd)}>
            {showCmd ? 'Hide' : 'Show'} command line
          </button>
          {showCmd && <pre className="mono bld-cmd">{j.commandLine.join(' ')}</pre>}
        </div>
      )}

      <h3 className="bld-h3">Steps</h3>
      {j.steps.length === 0 ? (
        <div className="muted small">No build report: Unity did not get as far as writing one.</div>
      ) : (
        <table className="bld-table bld-steps" data-testid="detail-steps">
          <tbody>
            {j.steps.map((s, i) => (
              <tr key={i}>
                <td style={{ paddingLeft: 8 + s.depth * 16 }}>
                  {s.name}
                  {s.messages.map((m, k) => (
                    <div key={k} className={`small bld-step-msg ${/error/i.test(m.type) ? 'err' : /warn/i.test(m.type) ? 'warn' : 'muted'}`}>
                      {m.type}: {m.content}
                    </div>
                  ))}
                </td>
                <td className="bld-bar-cell">
                  <span className="bld-bar" style={{ width: `${(s.durationMs / maxStep) * 100}%` }} />
                </td>
                <td className="num">{formatDuration(s.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <CompilerErrors messages={j.messages} testId="detail-messages" title={j.status === 'succeeded' ? 'from the log (the build report decides the result)' : undefined} />

      <h3 className="bld-h3">Packed assets {j.packedAssets.length > 0 && <span className="muted small">({j.packedAssets.length}, biggest first)</span>}</h3>
      {j.packedAssets.length === 0 ? (
        <div className="muted small">None recorded.</div>
      ) : (
        <table className="bld-table" data-testid="detail-assets">
          <tbody>
            {j.packedAssets.slice(0, ASSETS_SHOWN).map((a) => (
              <tr key={`${a.guid}${a.path}`}>
                <td className="mono" title={a.guid}>
                  {a.path}
                </td>
                <td className="muted small">{a.type}</td>
                <td className="bld-bar-cell">
                  <span className="bld-bar size" style={{ width: `${(a.size / biggest) * 100}%` }} />
                </td>
                <td className="num">{formatBytes(a.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {j.packedAssets.length > ASSETS_SHOWN && <div className="muted small">and {j.packedAssets.length - ASSETS_SHOWN} smaller assets</div>}
    </section>
  )
}
