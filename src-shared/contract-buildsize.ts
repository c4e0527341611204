import { z } from 'zod'
import { call } from './contract-kit'
import { buildTargetSchema } from './types-builds'
import type * as S from './types-buildsize'

/**
 * Build sizes (src-main/builds/report): where a build's bytes went, the diff of two builds,
 * imported reports, budgets and trends. Lists are biggest first (diffs: biggest change first) and
 * cut to `limit`; `counts` says how many there were.
 */
const jobId = z.string().uuid()
const budget = z
  .object({
    profile: z.string().max(64).optional(),
    target: buildTargetSchema.optional(),
    maxBytes: z.number().nonnegative().optional(),
    maxGrowthBytes: z.number().nonnegative().optional(),
    maxGrowthPercent: z.number().nonnegative().optional(),
    level: z.enum(['warn', 'fail']).optional(),
  })
  .strict()

export interface SizeCounts {
  files: number
  assets: number
  types: number
  folders: number
}

export const buildsizeCalls = {
  'builds.size.get': call<S.SizeBreakdown & { jobId: string; kind: S.SizeBuildKind; counts: SizeCounts; budget: S.BudgetVerdict | null }>()(
    z.object({ jobId, folder: z.string().max(4096).optional(), limit: z.number().int().min(1).max(20_000).default(500) }).strict(),
    "Where a build's bytes went: files, source assets (resolved by GUID), types, folders (optionally under one folder), duplicates, what no scene or Resources explains",
  ),
  'builds.size.diff': call<S.SizeDiff & { counts: SizeCounts }>()(
    z.object({ before: jobId, after: jobId, limit: z.number().int().min(1).max(20_000).default(500) }).strict(),
    'What changed between two builds of the history: totals, files, assets, types, folders, biggest change first',
  ),
  'builds.size.import': call<{ sourceId: string; done: boolean; result: { jobId: string; imported: boolean; target: string; totalSize: number; budget: S.BudgetVerdict } | null }>()(
    z
      .object({ sourceId: z.string().max(100).optional(), name: z.string().min(1).max(255), chunk: z.string().max(12 * 1024 * 1024), done: z.boolean() })
      .strict(),
    "Import a report file picked by the user (Unity's text BuildReport or the bridge's JSON), sent base64 in chunks (first chunk without sourceId)",
  ),
  'builds.size.trends': call<S.SizeTrends>()(
    z.object({ target: buildTargetSchema.optional(), asset: z.string().max(4096).optional(), builds: z.number().int().min(1).max(200).default(20) }).strict(),
    'Size and duration per target over time, success rate, one asset over the last builds (local mirror when offline)',
  ),
  'builds.budgets.get': call<S.SizeBudget[]>()(z.object({}).strict(), 'The size budgets of the open project (ProjectSettings/SlateBuildBudgets.json)'),
  'builds.budgets.save': call<S.SizeBudget[]>()(z.object({ budgets: z.array(budget).max(1000) }).strict(), 'Replace the size budgets of the open project'),
}
