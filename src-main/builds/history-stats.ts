import type { BuildJobSummary, BuildTargetStats, BuildTarget } from '../../src-shared/types-builds'
import { median } from './history-store'

/** Success rate and duration trend per target, for the Builds view's header. */
export function targetStats(jobs: BuildJobSummary[], trendLength = 20): BuildTargetStats[] {
  const byTarget = new Map<BuildTarget, BuildJobSummary[]>()
  for (const j of jobs) {
    // A cancel is the user's choice, not the build's failure: the rate counts succeeded vs failed
    // only, the same definition as the Dashboard's builds card.
    if (j.status === 'queued' || j.status === 'running' || j.status === 'cancelled') continue
    const list = byTarget.get(j.target) ?? []
    list.push(j)
    byTarget.set(j.target, list)
  }
  return [...byTarget.entries()].map(([target, list]) => {
    const succeeded = list.filter((j) => j.status === 'succeeded')
    const durations = succeeded
      .filter((j) => j.durationMs !== null)
      .sort((a, b) => (a.completedAt ?? '').localeCompare(b.completedAt ?? ''))
      .map((j) => j.durationMs!)
      .slice(-trendLength)
    return {
      target,
      total: list.length,
      succeeded: succeeded.length,
      successRate: list.length ? succeeded.length / list.length : 0,
      recentDurationsMs: durations,
      medianDurationMs: median(durations),
    }
  })
}
