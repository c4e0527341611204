import type { BuildStageId, BuildStatus } from '../../../src-shared/types-builds'
import { STAGE_LIST } from './build-meta'

/** The seven stages as a row: done ones ticked, the current one highlighted, a failed one red. */
export function StageTrack({ stage, status }: { stage: BuildStageId | null; status: BuildStatus }) {
  const current = stage ? STAGE_LIST.findIndex((s) => s.id === stage) : -1
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
