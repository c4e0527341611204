import { useEffect, useState } from 'react'
import type { BuildJobSummary } from '../../../../src-shared/types-builds'
import { ErrorBox } from '../../EmptyState'
import { useCall } from '../../../state/client'
import { formatBytes, TARGET_LABELS } from '../build-meta'
import { BudgetBadge } from './BudgetBadge'
import { SizeBars } from './SizeBars'
import { formatDelta } from './size-format'

const SHOWN = 60

export function jobLabel(j: BuildJobSummary): string {
  const when = (j.startedAt ?? j.createdAt).slice(0, 16).replace('T', ' ')
  return `${when} · ${TARGET_LABELS[j.target] ?? j.target}${j.sizeKind && j.sizeKind !== 'player' ? ` (${j.sizeKind})` : ''} · ${formatBytes(j.totalSize)}${j.origin === 'imported' ? ' · imported' : ''} · ${j.id.slice(0, 8)}`
}

/** Children of a folder in the flat folder list (ancestors included): one level down. */
function childrenOf(folders: { key: string; size: number; count: number }[], folder: string | null) {
  return folders.filter((f) => (folder === null ? !f.key.includes('/') : f.key.startsWith(`${folder}/`) && !f.key.slice(folder.length + 1).includes('/')))
}

/** One asset's size over the last successful builds (all targets), oldest first. */
function AssetHistory({ asset, label, onClose }: { asset: string; label: string; onClose(): void }) {
  const t = useCall('builds.size.trends', { asset, builds: 20 })
  const points = t.data?.asset?.points ?? []
  return (
    <div className="card bsz-asset-history" data-testid="asset-history">
      <div className="bld-label-row">
        <strong className="mono" title={asset}>
          {label} over the last builds
        </strong>
        <button className="link-button" onClick={onClose}>
          Close
        </button>
      </div>
      {t.error && <ErrorBox error={t.error} />}
      {!t.data && !t.error && <div className="loading">Reading the last builds…</div>}
      {t.data && (
        <SizeBars
          testId="asset-history-points"
          rows={points.map((p) => ({ key: p.jobId, label: `job ${p.jobId.slice(0, 8)}`, size: p.size, note: p.at.slice(0, 16).replace('T', ' ') }))}
          empty="Not in any successful build."
        />
      )}
    </div>
  )
}

/** Where one build's bytes went: files, folders (drill down), assets, types, duplicates, surprises. */
export function SizePanel({ jobs, jobId, onJob }: { jobs: BuildJobSummary[]; jobId: string | null; onJob(id: string): void }) {
  const [folder, setFolder] = useState<string | null>(null)
  const [asset, setAsset] = useState<string | null>(null)
  useEffect(() => setFolder(null), [jobId])
  const size = useCall('builds.size.get', jobId ? { jobId, limit: 2000, ...(folder ? { folder } : {}) } : null)
  const s = size.data
  const crumbs = folder ? folder.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/')) : []

  return (
    <div className="bsz-panel" data-testid="size-panel">
      <div className="bld-filters">
        <select value={jobId ?? ''} onChange={(e) => onJob(e.target.value)} aria-label="Build" data-testid="size-job">
          {!jobId && <option value="">Pick a build…</option>}
          {jobs.map((j) => (
            <option key={j.id} value={j.id}>
              {jobLabel(j)}
            </option>
          ))}
        </select>
        <span className="spacer" />
        {s && <BudgetBadge state={s.budget?.state} />}
      </div>
      {size.error && <ErrorBox error={size.error} />}
      {!jobId && <div className="muted">No build with sizes yet: build, or import a report.</div>}
      {jobId && !s && !size.error && <div className="loading">Reading sizes…</div>}
      {s && (
        <>
          <div className="bsz-totals card" data-testid="size-totals">
            <div>
              <div className="card-label">Total</div>
              <strong data-testid="size-total">{formatBytes(s.totalSize)}</strong>
            </div>
            <div>
              <div className="card-label">Packed assets</div>
              <strong>{formatBytes(s.packedSize)}</strong> <span className="muted small">{s.counts.assets} assets</span>
            </div>
            <div>
              <div className="card-label">Output files</div>
              <strong>{s.counts.files}</strong>
            </div>
            {s.duplicates.length > 0 && (
              <div>
                <div className="card-label">Packed twice or more</div>
                <strong className="warn-text">{formatBytes(s.duplicates.reduce((a, d) => a + d.extra, 0))}</strong> <span className="muted small">{s.duplicates.length} assets</span>
              </div>
            )}
          </div>
          {s.budget && s.budget.state !== 'none' && (
            <div className={`bsz-budget-box ${s.budget.state}`} data-testid="size-budget">
              {s.budget.checks.map((c, i) => (
                <div key={i} className={c.exceeded ? (c.level === 'fail' ? 'err-text' : 'warn-text') : 'ok-text'}>
                  {c.exceeded ? (c.level === 'fail' ? '✕' : '⚠') : '✓'} {c.message}
                </div>
              ))}
              {s.budget.state !== 'ok' && s.budget.culprits.length > 0 && (
                <div className="small">Pushed over by: {s.budget.culprits.slice(0, 5).map((c) => `${c.path || c.guid} (${formatDelta(c.delta)})`).join(', ')}</div>
              )}
            </div>
          )}

          <div className="bsz-grid">
            <section>
              <h3 className="bld-h3">
                <button className="link-button" onClick={() => setFolder(null)} data-testid="crumb-root">
                  Folders
                </button>
                {crumbs.map((c) => (
                  <span key={c}>
                    {' › '}
                    <button className="link-button" onClick={() => setFolder(c)}>
                      {c.split('/').pop()}
                    </button>
                  </span>
                ))}
              </h3>
              <SizeBars
                testId="size-folders"
                rows={childrenOf(s.folders, folder).slice(0, SHOWN).map((f) => ({ key: f.key, label: folder ? f.key.slice(folder.length + 1) : f.key, size: f.size, note: `${f.count} assets` }))}
                onPick={(k) => !k.startsWith('(') && setFolder(k)}
                empty="No subfolders."
              />
              <h3 className="bld-h3">Assets{folder ? ` in ${folder}` : ''} <span className="muted small">(biggest first, {s.counts.assets})</span></h3>
              <SizeBars
                testId="size-assets"
                rows={s.assets.slice(0, SHOWN).map((a) => ({ key: a.key, label: a.path || '(generated by Unity)', size: a.size, note: `${a.type}${a.files.length > 1 ? ` · ${a.files.length} files` : ''}`, title: `${a.path}\nGUID ${a.guid}${a.resolved ? '' : '\n(not in this project)'}\nClick: its size over the last builds` }))}
                onPick={(key) => setAsset(key)}
              />
              {asset && <AssetHistory asset={asset.startsWith('path:') ? asset.slice(5) : asset} label={s.assets.find((a) => a.key === asset)?.path || asset} onClose={() => setAsset(null)} />}
            </section>
            <section>
              <h3 className="bld-h3">Output files <span className="muted small">({s.counts.files})</span></h3>
              <SizeBars testId="size-files" rows={s.files.slice(0, SHOWN).map((f) => ({ key: f.path, label: f.path, size: f.size, note: f.role }))} />
              <h3 className="bld-h3">By type</h3>
              <SizeBars testId="size-types" rows={s.types.slice(0, 30).map((t) => ({ key: t.key, label: t.key, size: t.size, note: `${t.count} objects` }))} />
              {s.duplicates.length > 0 && (
                <>
                  <h3 className="bld-h3">In more than one file</h3>
                  <SizeBars testId="size-duplicates" rows={s.duplicates.slice(0, 30).map((d) => ({ key: d.key, label: d.path, size: d.extra, note: d.files.map((f) => f.file.split('/').pop()).join(', '), title: 'bytes beyond one copy' }))} />
                </>
              )}
              {s.unexplained && s.unexplained.length > 0 && (
                <>
                  <h3 className="bld-h3" title="Not reached from an enabled build scene or a Resources folder through the reference graph">Not from a build scene or Resources</h3>
                  <SizeBars testId="size-unexplained" rows={s.unexplained.slice(0, 30).map((u) => ({ key: u.guid, label: u.path, size: u.size }))} />
                </>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  )
}
