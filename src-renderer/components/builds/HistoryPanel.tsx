import { useState } from 'react'
import type { BuildStatus, BuildTarget, BuildType } from '../../../src-shared/types-builds'
import { ErrorBox } from '../EmptyState'
import { useCall, useEvent } from '../../state/client'
import { BUILD_TYPES, STATUSES, STATUS_LABELS, TARGETS, TARGET_LABELS, formatBytes, formatDuration, formatWhen } from './build-meta'
import { JobDetail } from './JobDetail'
import { BudgetBadge } from './size/BudgetBadge'
import { TargetTrends } from './TargetTrends'

interface Props {
  selected: string | null
  onSelect(jobId: string | null): void
}

/** Build history of the project: filters, per-target trends, the jobs table and one job's detail. */
export function HistoryPanel({ selected, onSelect }: Props) {
  const [target, setTarget] = useState<BuildTarget | ''>('')
  const [type, setType] = useState<BuildType | ''>('')
  const [status, setStatus] = useState<BuildStatus | ''>('')
  const filter = { limit: 200, ...(target && { target }), ...(type && { type }), ...(status && { status }) }
  const history = useCall('builds.history.list', filter)
  useEvent('build.finished', () => history.reload())
  const page = history.data
  const filtered = Boolean(target || type || status)

  return (
    <div className="bld-history" data-testid="build-history">
      <div className="bld-filters">
        <select value={target} onChange={(e) => setTarget(e.target.value as BuildTarget | '')} aria-label="Filter by target" data-testid="filter-target">
          <option value="">All targets</option>
          {TARGETS.map((t) => (
            <option key={t} value={t}>
              {TARGET_LABELS[t]}
            </option>
          ))}
        </select>
        <select value={type} onChange={(e) => setType(e.target.value as BuildType | '')} aria-label="Filter by build type" data-testid="filter-type">
          <option value="">All types</option>
          {BUILD_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select value={status} onChange={(e) => setStatus(e.target.value as BuildStatus | '')} aria-label="Filter by status" data-testid="filter-status">
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        {filtered && (
          <button className="link-button" onClick={() => (setTarget(''), setType(''), setStatus(''))}>
            Clear filters
          </button>
        )}
        <span className="spacer" />
        {page && <span className="muted small">{page.source}</span>}
        <button className="secondary" onClick={history.reload} disabled={history.loading}>
          {history.loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>

      {history.error && <ErrorBox error={history.error} action={<button className="secondary" onClick={history.reload}>Try again</button>} />}
      {page && <TargetTrends stats={page.stats} />}

      <div className={`bld-history-main${selected ? ' with-detail' : ''}`}>
        <div className="bld-jobs">
          {!page && !history.error && <div className="loading">Loading build history…</div>}
          {page && page.jobs.length === 0 && (
            <div className="muted bld-empty" data-testid="history-empty">
              {filtered ? 'No builds match these filters.' : 'No builds yet. Configure a profile and press Start build (Ctrl+B).'}
            </div>
          )}
          {page && page.jobs.length > 0 && (
            <table className="bld-table bld-jobs-table" data-testid="history-table">
              <thead>
                <tr>
                  <th>Status</th>
                  <th>Target</th>
                  <th>Type</th>
                  <th className="bld-col-opt">Runner</th>
                  <th>Started</th>
                  <th className="num">Duration</th>
                  <th className="num">Size</th>
                  <th className="num">Errors</th>
                  <th className="bld-col-opt">Commit</th>
                </tr>
              </thead>
              <tbody>
                {page.jobs.map((j) => (
                  <tr
                    key={j.id}
                    className={`bld-job-row${selected === j.id ? ' selected' : ''}`}
                    data-testid="history-row"
                    data-status={j.status}
                    data-job={j.id}
                    tabIndex={0}
                    onClick={() => onSelect(j.id)}
                    onKeyDown={(e) => e.key === 'Enter' && onSelect(j.id)}
                    title={j.reason ?? undefined}
                  >
                    <td>
                      <span className={`bld-badge bld-badge-${j.status}`}>{STATUS_LABELS[j.status]}</span> <BudgetBadge state={j.budgetState} />
                    </td>
                    <td>{TARGET_LABELS[j.target] ?? j.target}</td>
                    <td>{j.type}</td>
                    <td className="muted bld-col-opt">{j.runner}</td>
                    <td className="muted">{formatWhen(j.startedAt ?? j.createdAt)}</td>
                    <td className="num">{formatDuration(j.durationMs)}</td>
                    <td className="num">{formatBytes(j.totalSize)}</td>
                    <td className={`num${j.errorCount ? ' err-text' : ''}`}>{j.errorCount || '—'}</td>
                    <td className="mono muted bld-col-opt">{j.sourceCommit?.slice(0, 8) ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {selected && <JobDetail key={selected} jobId={selected} onClose={() => onSelect(null)} />}
      </div>
    </div>
  )
}
