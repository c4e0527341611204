import type { BuildJobSummary, BuildTarget } from '../../../src-shared/types-builds'
import type { SizeTrends } from '../../../src-shared/types-buildsize'
import type { BuildHistoryStore } from '../history-store'
import { assetKey } from './size-analysis'

/**
 * Size and duration over time, per target, and one asset's size over the last builds. Read
 * through the history store, so it is the team database's history (every machine's builds) when
 * online and the local mirror's when not — `source` says which.
 */
export async function sizeTrends(
  history: BuildHistoryStore,
  o: { projectRoot: string; target?: BuildTarget; limit?: number; asset?: string | null; assetBuilds?: number },
): Promise<SizeTrends> {
  const page = await history.list({ projectRoot: o.projectRoot, target: o.target, limit: Math.min(o.limit ?? 200, 1000) })
  const when = (j: BuildJobSummary) => j.startedAt ?? j.createdAt
  const byTarget = new Map<BuildTarget, BuildJobSummary[]>()
  for (const j of page.jobs) {
    if (j.status === 'queued' || j.status === 'running') continue
    const list = byTarget.get(j.target) ?? []
    list.push(j)
    byTarget.set(j.target, list)
  }
  const targets = [...byTarget].map(([target, jobs]) => {
    jobs.sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0))
    const succeeded = jobs.filter((j) => j.status === 'succeeded').length
    return {
      target,
      total: jobs.length,
      succeeded,
      successRate: jobs.length ? succeeded / jobs.length : 0,
      points: jobs.map((j) => ({ jobId: j.id, at: when(j), status: j.status, totalSize: j.totalSize, durationMs: j.durationMs })),
    }
  })
  targets.sort((a, b) => (a.target < b.target ? -1 : 1))

  let asset: SizeTrends['asset'] = null
  if (o.asset) {
    const key = o.asset.trim()
    const wanted = /^[0-9a-f]{32}$/i.test(key) ? key.toLowerCase() : `path:${key}`
    const jobs = page.jobs
      .filter((j) => j.status === 'succeeded')
      .sort((a, b) => (when(b) < when(a) ? -1 : 1))
      .slice(0, o.assetBuilds ?? 20)
      .reverse()
    const points: { jobId: string; at: string; size: number }[] = []
    for (const j of jobs) {
      const data = history.sizeData ? await history.sizeData(j.id) : null
      const packed = data?.packed ?? (await history.get(j.id))?.packedAssets ?? []
      let size = 0
      for (const p of packed) if (assetKey(p.guid, p.path) === wanted || p.path === key) size += p.size
      points.push({ jobId: j.id, at: when(j), size })
    }
    asset = { key, points }
  }
  return { source: page.source, targets, asset }
}
