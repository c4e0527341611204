import { useState } from 'react'
import { ErrorBox } from '../../EmptyState'
import { useCall, useEvent } from '../../../state/client'
import { ComparePanel } from './ComparePanel'
import { ImportReport } from './ImportReport'
import { SizePanel } from './SizePanel'
import { SizeTrendsStrip } from './SizeTrends'
import './size.css'

/** The builds with sizes to look at: the history's finished jobs, newest first. */
function useSizedJobs() {
  const history = useCall('builds.history.list', { limit: 500 })
  useEvent('build.finished', () => history.reload())
  const jobs = (history.data?.jobs ?? []).filter((j) => j.completedAt && (j.totalSize !== null || j.origin === 'imported'))
  return { history, jobs }
}

/** Builds view, Size tab: trends per target, one build's sizes with folder drill-down, import. */
export function SizeTab() {
  const { history, jobs } = useSizedJobs()
  const trends = useCall('builds.size.trends', {}, String(history.data?.jobs.length ?? 0))
  const [picked, setPicked] = useState<string | null>(null)
  const jobId = picked && jobs.some((j) => j.id === picked) ? picked : (jobs[0]?.id ?? null)
  return (
    <div className="bsz" data-testid="size-tab">
      <div className="bld-filters">
        <ImportReport onImported={(ids) => (history.reload(), setPicked(ids[ids.length - 1]))} />
      </div>
      {history.error && <ErrorBox error={history.error} />}
      <SizeTrendsStrip trends={trends.data} />
      <SizePanel jobs={jobs} jobId={jobId} onJob={setPicked} />
    </div>
  )
}

/** Builds view, Compare tab: two builds from the history side by side. */
export function CompareTab() {
  const { history, jobs } = useSizedJobs()
  return (
    <div className="bsz" data-testid="compare-tab">
      <div className="bld-filters">
        <ImportReport onImported={() => history.reload()} />
      </div>
      {history.error && <ErrorBox error={history.error} />}
      {history.data && <ComparePanel key={jobs.length} jobs={jobs} />}
    </div>
  )
}
