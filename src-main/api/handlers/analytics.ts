import type { analyticsCalls } from '../../../src-shared/contract-analytics'
import { ApiError } from '../../../src-shared/contract-kit'
import { computeMetrics, parseTime } from '../../analytics/metrics'
import { projectIdForFolder } from '../../store/project-id'
import type { Handlers } from '../handler'

type AnalyticsCalls = keyof typeof analyticsCalls

export const analyticsHandlers: Handlers<AnalyticsCalls> = {
  'analytics.metrics': async (core, args) => {
    const data = core.data
    if (!data) throw new ApiError('unavailable', 'the data layer is not running (see the status bar): analytics are read from the database')
    let from: Date
    let to: Date
    try {
      from = parseTime(args.since)
      to = args.until ? parseTime(args.until) : new Date()
    } catch (err) {
      throw new ApiError('invalid_argument', (err as Error).message)
    }
    if (from >= to) throw new ApiError('invalid_argument', `the range is empty: ${from.toISOString()} is not before ${to.toISOString()}`)
    let projectId: string | null = null
    if (args.project) {
      const root = core.requireProject().root
      projectId = projectIdForFolder(root)
    }
    return computeMetrics(data.db, { from, to, projectId })
  },
}
