import { useState } from 'react'
import type { IndexSummary, PackageFetchReport } from '../../src-shared/types-unity'
import { useClient } from '../state/client'

/**
 * What the index cannot know: packages the project needs that are not on this machine. Said once,
 * in words, with the offer to fetch them into SLATE's own cache, instead of calling every
 * reference into them a missing asset.
 */
export function PackagesNotice({ summary, onFetched }: { summary: IndexSummary | undefined; onFetched?(): void }) {
  const client = useClient()
  const [busy, setBusy] = useState(false)
  const [report, setReport] = useState<PackageFetchReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const missing = summary?.packageFiles.notOnDisk ?? []
  if (!summary || (missing.length === 0 && !report)) return null
  const fetchAll = () => {
    setBusy(true)
    setError(null)
    client.call('packages.fetch', {}).then(
      (r) => {
        setReport(r)
        setBusy(false)
        onFetched?.()
      },
      (err: unknown) => {
        setError(err instanceof Error ? err.message : String(err))
        setBusy(false)
      },
    )
  }
  const n = missing.length
  return (
    <div className="banner banner-info small" data-testid="packages-notice">
      <span>
        {n > 0 ? (
          <>
            <strong>
              {n} package{n === 1 ? ' is' : 's are'} not on this machine; references into them cannot be checked
            </strong>
            {summary.unresolved.unverifiable > 0 && ` (${summary.unresolved.unverifiable} referenced GUIDs)`}.{' '}
            <span className="muted" title={missing.map((p) => `${p.name}@${p.version}`).join('\n')}>
              {missing
                .slice(0, 4)
                .map((p) => p.name)
                .join(', ')}
              {n > 4 ? ` and ${n - 4} more` : ''}
            </span>
          </>
        ) : (
          'Every package the project needs is on this machine.'
        )}
        {report && (
          <span data-testid="packages-fetch-result">
            {' '}
            Fetched {report.fetched}, {report.cached} already cached, {report.failed} failed
            {report.failed > 0 && `: ${report.items.filter((i) => i.status === 'failed').slice(0, 2).map((i) => `${i.name} (${i.message})`).join('; ')}`}.
          </span>
        )}
        {error && <span className="warn-text"> Could not fetch: {error}</span>}
      </span>
      {n > 0 && (
        <button className="secondary" onClick={fetchAll} disabled={busy} data-testid="packages-fetch" title="Download the exact versions from the project's registries into SLATE's cache (never into the project)">
          {busy ? 'Fetching…' : 'Fetch packages'}
        </button>
      )}
    </div>
  )
}
