import { z } from 'zod'
import { call } from './contract-kit'
import type { AnalyticsMetrics } from './types-runtime'

/**
 * Analytics (src-main/analytics): what the bus carried, stored in slate_analytics_events by the
 * analytics service, summed over a time range. `since` is a duration back from now ("7d", "24h",
 * "30m") or an ISO time; `until` defaults to now.
 */
export const analyticsRangeSchema = z
  .object({
    since: z.string().min(1).max(64).default('7d'),
    until: z.string().max(64).optional(),
    /** only this project's events (the open project when true) */
    project: z.boolean().default(false),
  })
  .strict()

export const analyticsCalls = {
  'analytics.metrics': call<AnalyticsMetrics>()(
    analyticsRangeSchema,
    'Projects created/updated/deleted, active users, build success rate and mean duration per target, runtime session outcomes and resource use, asset throughput, log volume per session',
  ),
}
