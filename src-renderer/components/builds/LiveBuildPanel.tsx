import { useEffect, useRef, useState } from 'react'
import { STAGE_LIST, STATUS_LABELS, TARGET_LABELS, formatBytes, formatDuration } from './build-meta'
import { CompilerErrors } from './CompilerErrors'
import { elapsedNow, type LiveBuild } from './live-builds'
import { failedStageOf, StageTrack } from './StageTrack'
import { useNavigation } from '../../state/navigation'

interface Props {
  build: LiveBuild
  onCancel(): void
  onShowInHistory(jobId: string): void
  onDismiss(): void
}

/** One build as it runs: stages, progress, elapsed and estimate, structured errors, log tail, verdict. */
export function LiveBuildPanel({ build: b, onCancel, onShowInHistory, onDismiss }: Props) {
  const { navigate } = useNavigation()
  const status = b.finished?.status ?? 'running'
  const running = !b.finished
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    if (!running) return
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [running])
  const elapsed = elapsedNow(b, now)
  const estimate = b.estimatedTotalMs
  const f = b.finished
  const failedAt = f?.status === 'failed' ? failedStageOf(f.failureKind) : null
  const shownStage = STAGE_LIST.find((s) => s.id === (failedAt ?? b.stage))
  const stageLabel = shownStage?.label ?? 'Starting'
  // A failed build's bar stops at the stage it failed in.
  const barPercent = failedAt && shownStage ? shownStage.percent : b.progress

  return (
    <section className={`bld-live card bld-status-${status}`} data-testid="live-build" data-status={status} data-job={b.jobId}>
      <header className="bld-live-head">
        <span className={`bld-badge bld-badge-${status}`} data-testid="live-status">
          {STATUS_LABELS[status]}
        </span>
        <strong>{b.target ? TARGET_LABELS[b.target] : 'Build'}</strong>
        {b.type && <span className="chip">{b.type}</span>}
        <span className="muted small mono" title="job id">
          {b.jobId.slice(0, 8)}
        </span>
        <span className="spacer" />
        {running ? (
          <button className="secondary danger" onClick={onCancel} disabled={b.cancelling} data-testid="cancel-build">
            {b.cancelling ? 'Cancelling…' : 'Cancel build'}
          </button>
        ) : (
          <>
            <button className="secondary" onClick={() => onShowInHistory(b.jobId)} data-testid="live-show-history">
              Details in history
            </button>
            <button className="link-button" onClick={onDismiss} aria-label="Dismiss">
              Dismiss
            </button>
          </>
        )}
      </header>

      <StageTrack stage={b.stage} status={status} failedAt={failedAt} />
      <div className="bld-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={barPercent} aria-label="Build progress" data-testid="build-progress">
        <span style={{ width: `${barPercent}%` }} />
      </div>
      <div className="bld-live-figures small">
        <span data-testid="live-stage">{running ? stageLabel : f?.result ?? STATUS_LABELS[status]}</span>
        {running || status === 'succeeded' ? <span>{b.progress}%</span> : <span className="muted">stopped during {stageLabel.toLowerCase()}</span>}
        <span>elapsed {formatDuration(elapsed)}</span>
        {running && (
          <span className="muted" data-testid="live-estimate">
            {estimate === null ? 'no estimate yet: the first successful build of this target sets one' : elapsed < estimate ? `about ${formatDuration(estimate - elapsed)} left (typical ${formatDuration(estimate)})` : `longer than usual (typical ${formatDuration(estimate)})`}
          </span>
        )}
        {f && f.totalSize !== null && <span>size {formatBytes(f.totalSize)}</span>}
      </div>

      {f && f.reason && (
        <div className={`bld-verdict ${f.status === 'cancelled' ? 'muted' : 'error-box'}`} data-testid="live-reason">
          {f.failureKind && <span className="chip">{f.failureKind}</span>} {f.reason}
        </div>
      )}
      {f && f.status === 'succeeded' && (
        <div className="bld-verdict ok-text" data-testid="live-reason">
          Unity's build report says Succeeded{f.outputPath ? <> · <span className="mono">{f.outputPath}</span></> : null}
        </div>
      )}

      <CompilerErrors messages={b.messages} title={status === 'succeeded' ? 'from the log' : undefined} />
      <LogTail lines={b.tail} totalLines={b.totalLines} onOpen={() => navigate({ view: 'console', build: b.jobId })} />
    </section>
  )
}

/** The last lines of the log; follows the end unless the user scrolled up to read. */
function LogTail({ lines, totalLines, onOpen }: { lines: string[]; totalLines: number; onOpen?: () => void }) {
  const ref = useRef<HTMLPreElement>(null)
  const pinned = useRef(true)
  useEffect(() => {
    const el = ref.current
    if (el && pinned.current) el.scrollTop = el.scrollHeight
  }, [lines])
  return (
    <section className="bld-log">
      <div className="panel-title">
        <span>Log</span>
        <span className="muted">
          {totalLines ? `last ${lines.length} of ${totalLines.toLocaleString()} lines` : 'waiting for Unity…'}
          {onOpen && totalLines > 0 && (
            <button className="link-button" onClick={onOpen}>
              open in Console
            </button>
          )}
        </span>
      </div>
      <pre
        ref={ref}
        className="mono bld-log-tail"
        data-testid="build-log"
        onScroll={(e) => {
          const el = e.currentTarget
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24
        }}
      >
        {lines.join('\n')}
      </pre>
    </section>
  )
}
