import { useRef, useState } from 'react'
import { ApiError } from '../../../../src-shared/api-error'
import { ErrorBox } from '../../EmptyState'
import { useClient } from '../../../state/client'
import { formatBytes } from '../build-meta'
import { base64Chunks } from './size-format'

/**
 * Import Unity's own build reports (text-serialized *.buildreport, or the bridge's JSON) into the
 * history: each becomes a job of origin "imported", diffed and charted like SLATE's own builds.
 */
export function ImportReport({ onImported }: { onImported(jobIds: string[]): void }) {
  const client = useClient()
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [done, setDone] = useState<string[]>([])

  const upload = async (files: FileList) => {
    setError(null)
    const ids: string[] = []
    const lines: string[] = []
    try {
      for (const file of Array.from(files)) {
        setBusy(file.name)
        let sourceId: string | undefined
        for await (const { chunk, done: last } of base64Chunks(file)) {
          const r = await client.call('builds.size.import', { sourceId, name: file.name, chunk, done: last })
          sourceId = r.sourceId
          if (r.result) {
            ids.push(r.result.jobId)
            lines.push(`${file.name}: ${r.result.imported ? 'imported' : 'already in the history'} (${r.result.target}, ${formatBytes(r.result.totalSize)})`)
          }
        }
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('internal', String(err)))
    } finally {
      setBusy(null)
      setDone(lines)
      if (input.current) input.current.value = ''
      if (ids.length) onImported(ids)
    }
  }

  return (
    <div className="bsz-import">
      <button className="secondary" onClick={() => input.current?.click()} disabled={busy !== null} data-testid="import-report">
        {busy ? `Importing ${busy}…` : 'Import report…'}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept=".buildreport,.json,.yaml,.asset"
        hidden
        data-testid="import-report-input"
        onChange={(e) => e.target.files?.length && void upload(e.target.files)}
      />
      {done.length > 0 && (
        <span className="muted small" data-testid="import-result">
          {done.join(' · ')}
        </span>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  )
}
