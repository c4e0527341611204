import { useEffect, useState } from 'react'
import type { BuildJobSummary } from '../../../../src-shared/types-builds'
import { ErrorBox } from '../../EmptyState'
import { useCall } from '../../../state/client'
import { formatBytes } from '../build-meta'
import { DeltaTable } from './SizeBars'
import { jobLabel } from './SizePanel'
import { formatDelta } from './size-format'

type Section = 'files' | 'assets' | 'types' | 'folders'
const SHOWN = 200

/** The two newest finished builds of the newest build's target: what a lead compares first. */
export function defaultPair(jobs: BuildJobSummary[]): [string, string] | null {
  const done = jobs.filter((j) => j.completedAt)
  const after = done[0]
  const before = after && done.find((j) => j.id !== after.id && j.target === after.target && (j.sizeKind ?? 'player') === (after.sizeKind ?? 'player'))
  return after && before ? [before.id, after.id] : null
}

/** Compare two builds from the history: totals, then files, assets, types and folders by change. */
export function ComparePanel({ jobs }: { jobs: BuildJobSummary[] }) {
  const [pair, setPair] = useState<[string, string] | null>(() => defaultPair(jobs))
  useEffect(() => setPair((p) => p ?? defaultPair(jobs)), [jobs])
  const [section, setSection] = useState<Section>('files')
  const diff = useCall('builds.size.diff', pair ? { before: pair[0], after: pair[1], limit: SHOWN } : null)
  const d = diff.data
  const pick = (i: 0 | 1, id: string) => setPair((p) => (i === 0 ? [id, p?.[1] ?? id] : [p?.[0] ?? id, id]))
  const done = jobs.filter((j) => j.completedAt)

  return (
    <div className="bsz-panel" data-testid="compare-panel">
      <div className="bld-filters">
        {(['Before', 'After'] as const).map((label, i) => (
          <label key={label} className="bsz-pickjob">
            <span className="field-label">{label}</span>
            <select value={pair?.[i] ?? ''} onChange={(e) => pick(i as 0 | 1, e.target.value)} data-testid={`compare-${label.toLowerCase()}`}>
              {!pair && <option value="">Pick a build…</option>}
              {done.map((j) => (
                <option key={j.id} value={j.id}>
                  {jobLabel(j)}
                </option>
              ))}
            </select>
          </label>
        ))}
        {pair && (
          <button className="link-button" onClick={() => setPair([pair[1], pair[0]])} title="Swap before and after">
            ⇄ swap
          </button>
        )}
      </div>
      {done.length < 2 && <div className="muted">Compare needs two finished builds: build twice, or import two reports.</div>}
      {diff.error && <ErrorBox error={diff.error} />}
      {pair && !d && !diff.error && <div className="loading">Comparing…</div>}
      {d && (
        <>
          <div className="bsz-totals card" data-testid="compare-total" data-delta={d.total.delta}>
            <div>
              <div className="card-label">Before</div>
              <strong>{formatBytes(d.total.before)}</strong>
            </div>
            <div>
              <div className="card-label">After</div>
              <strong>{formatBytes(d.total.after)}</strong>
            </div>
            <div>
              <div className="card-label">Change</div>
              <strong className={d.total.delta > 0 ? 'bsz-up' : d.total.delta < 0 ? 'bsz-down' : ''}>
                {formatDelta(d.total.delta)}
                {d.total.before > 0 && ` (${d.total.delta >= 0 ? '+' : ''}${((d.total.delta / d.total.before) * 100).toFixed(2)}%)`}
              </strong>
            </div>
            <div>
              <div className="card-label">Changed</div>
              <span data-testid="compare-counts">
                {d.counts.files} files · {d.counts.assets} assets
              </span>
            </div>
          </div>
          <div className="bld-tabs bsz-subtabs" role="tablist" aria-label="Compare">
            {(['files', 'assets', 'types', 'folders'] as Section[]).map((k) => (
              <button key={k} role="tab" aria-selected={section === k} className={`bld-tab${section === k ? ' on' : ''}`} onClick={() => setSection(k)} data-testid={`compare-tab-${k}`}>
                {k === 'files' ? `Files (${d.counts.files})` : k === 'assets' ? `Assets (${d.counts.assets})` : k === 'types' ? `By type (${d.counts.types})` : `By folder (${d.counts.folders})`}
              </button>
            ))}
          </div>
          {section === 'files' && <DeltaTable testId="diff-files" columns={['File', 'Role']} total={d.counts.files} rows={d.files.map((f) => ({ key: f.path, cells: [f.path, f.role], ...f }))} />}
          {section === 'assets' && <DeltaTable testId="diff-assets" columns={['Asset', 'Type']} total={d.counts.assets} rows={d.assets.map((a) => ({ key: a.guid + a.path, cells: [a.path || a.guid, a.type], title: `GUID ${a.guid}`, ...a }))} />}
          {section === 'types' && <DeltaTable testId="diff-types" columns={['Type']} total={d.counts.types} rows={d.types.map((t) => ({ key: t.type, cells: [t.type], ...t }))} />}
          {section === 'folders' && <DeltaTable testId="diff-folders" columns={['Folder']} total={d.counts.folders} rows={d.folders.map((f) => ({ key: f.path, cells: [f.path], ...f }))} />}
        </>
      )}
    </div>
  )
}
