import type { BudgetState } from '../../../../src-shared/types-buildsize'

const LABELS: Record<BudgetState, string> = { ok: 'within budget', warn: 'over budget (warning)', fail: 'over budget', none: 'no budget' }

/** The size budget's verdict for a job: nothing when the project has no budget for it. */
export function BudgetBadge({ state, title }: { state: BudgetState | undefined; title?: string }) {
  if (!state || state === 'none') return null
  return (
    <span className={`bsz-budget bsz-budget-${state}`} data-testid="budget-badge" data-state={state} title={title ?? LABELS[state]}>
      {state === 'ok' ? '✓ budget' : state === 'warn' ? '⚠ budget' : '✕ budget'}
    </span>
  )
}
