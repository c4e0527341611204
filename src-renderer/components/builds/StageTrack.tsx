import type { BuildFailureKind, BuildStageId, BuildStatus } from '../../../src-shared/types-builds'
import { STAGE_LIST } from './build-meta'

/** Where a failure of a known kind happened, whatever later log markers said: a build whose
 * scripts do not compile never really packaged anything, even if Unity printed further markers. */
export function failedStageOf(kind: BuildFailureKind | null | undefined): BuildStageId | null {
  if (kind === 'compile-errors') return 'compile'
  if (kind === 'licensing') return 'prepare'
  return null
}

/** The seven stages as a row: done ones ticked, the current one highlighted, a failed one red. */
export function StageTrack({ stage, status, failedAt }: { stage: BuildStageId | null; status: BuildStatus; failedAt?: BuildStageId | null }) {
  const current = failedAt ? STAGE_LIST.findIndex((s) => s.id === failedAt) : stage ? STAGE_LIST.findIndex((s) => s.id === stage) : -1
  return (
    <ol className="bld-stages" data-testid="build-stages">
      {STAGE_LIST.map((s, i) => {
        let state: 'done' | 'current' | 'failed' | 'stopped' | 'pending' = 'pending'
        if (status === 'succeeded' || i < current) state = 'done'
        else if (i === current) state = status === 'running' || status === 'queued' ? 'current' : status === 'failed' ? 'failed' : status === 'cancelled' ? 'stopped' : 'done'
        return (
          <li key={s.id} className={`bld-stage ${state}`} data-stage={s.id} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="bld-stage-dot" aria-hidden>
              {state === 'done' ? '✓' : state === 'failed' ? '✕' : state === 'stopped' ? '■' : i + 1}
            </span>
            <span className="bld-stage-label">{s.label}</span>
            <span className="bld-stage-pct muted">{s.percent}%</span>
          </li>
        )
      })}
    </ol>
  )
}
