import { describe, expect, it } from 'vitest'
import type { BuildJobSummary } from '../../src-shared/types-builds'
import { targetStats } from './history-stats'

const job = (status: BuildJobSummary['status'], target: BuildJobSummary['target'], durationMs: number | null, completedAt: string) =>
  ({ status, target, durationMs, completedAt }) as BuildJobSummary

describe('targetStats', () => {
  it('rates succeeded against failed per target; running and cancelled builds do not count', () => {
    const stats = targetStats([
      job('succeeded', 'Android', 3000, '2026-01-02'),
      job('succeeded', 'Android', 1000, '2026-01-01'),
      job('failed', 'Android', 500, '2026-01-03'),
      job('cancelled', 'Android', 10, '2026-01-04'),
      job('running', 'Android', null, ''),
      job('failed', 'WebGL', 100, '2026-01-01'),
    ])
    const android = stats.find((s) => s.target === 'Android')!
    expect(android).toMatchObject({ total: 3, succeeded: 2, recentDurationsMs: [1000, 3000] })
    expect(android.successRate).toBeCloseTo(2 / 3)
    expect(stats.find((s) => s.target === 'WebGL')).toMatchObject({ total: 1, succeeded: 0, successRate: 0 })
  })
})
