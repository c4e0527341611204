import { useState } from 'react'
import type { BridgeManifestDiff } from '../../../src-shared/types-builds'
import { ApiError } from '../../../src-shared/api-error'
import { ErrorBox } from '../EmptyState'
import { useCall, useClient } from '../../state/client'

/**
 * The com.slate.bridge Unity package (the build entry point SLATE calls with -executeMethod).
 * Installing or removing edits Packages/manifest.json, so the diff is shown first and nothing is
 * written until the user confirms; the write is refused if the manifest changed in between.
 */
export function BridgePanel() {
  const client = useClient()
  const status = useCall('builds.bridge.preview', { action: 'install' })
  const [pending, setPending] = useState<{ action: 'install' | 'remove'; diff: BridgeManifestDiff } | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  // The preview's `installed` names the action's outcome; the project's state is `current`.
  const current = status.data ? (status.data.current ?? (hasBridge(status.data.before) ? 'reference' : 'none')) : undefined
  const installed = current === undefined ? undefined : current !== 'none'

  const preview = async (action: 'install' | 'remove') => {
    setError(null)
    setDone(null)
    try {
      setPending({ action, diff: await client.call('builds.bridge.preview', { action }) })
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('internal', String(err)))
    }
  }
  const apply = async () => {
    if (!pending) return
    setBusy(true)
    try {
      await client.call('builds.bridge.apply', { action: pending.action, expectedBefore: pending.diff.before })
      setDone(pending.action === 'install' ? 'Installed in Packages/com.slate.bridge: Unity loads it the next time it opens or refreshes the project. Commit the folder so teammates and CI have it.' : 'Removed from the project.')
      setPending(null)
      status.reload()
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('internal', String(err)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="bld-bridge" data-testid="bridge-panel">
      <h3 className="bld-h3">Bridge package (com.slate.bridge)</h3>
      <p className="muted small">
        SLATE builds through this package: its build method writes Unity's build report so the result is judged from the report and the exit code, not from log text. It is
        copied into the project as an embedded package, <span className="mono">Packages/com.slate.bridge</span>, so it travels with the project and the manifest names nothing of
        this machine.
      </p>
      {status.error && <ErrorBox error={status.error} action={<button className="secondary" onClick={status.reload}>Try again</button>} />}
      {status.loading && !status.data && <div className="muted small">Reading Packages/manifest.json…</div>}
      {status.data && (
        <div className="actions">
          <span data-testid="bridge-state" className={current === 'embedded' && !status.data.updateAvailable ? 'ok-text' : 'warn-text'}>
            {current === 'embedded'
              ? `Installed in this project (version ${status.data.installedVersion ?? '?'})${status.data.updateAvailable ? `: SLATE has ${status.data.bundledVersion}` : ''}`
              : current === 'reference'
                ? "Installed as a path on this machine: teammates' and CI's Unity cannot resolve it. Update to embed it in the project."
                : "Not installed: Unity cannot run SLATE's build method until it is"}
          </span>
          <span className="spacer" />
          {installed && status.data.updateAvailable && (
            <button className="primary" onClick={() => void preview('install')} data-testid="bridge-update">
              Update…
            </button>
          )}
          {installed ? (
            <button className="secondary danger" onClick={() => void preview('remove')} data-testid="bridge-remove">
              Remove…
            </button>
          ) : (
            <button className="primary" onClick={() => void preview('install')} data-testid="bridge-install">
              Install…
            </button>
          )}
        </div>
      )}
      {error && <ErrorBox error={error} />}
      {done && <div className="ok-text small">{done}</div>}
      {pending && (
        <div className="bld-diff card" role="dialog" aria-label="Confirm the manifest change" data-testid="bridge-diff">
          <div className="bld-diff-title">
            {pending.action === 'install' ? 'Adding' : 'Removing'} com.slate.bridge makes these changes in the project. Nothing is written until you confirm.
          </div>
          <pre className="mono bld-diff-text">
            {pending.diff.diff.split('\n').map((l, i) => (
              <div key={i} className={l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : l.startsWith('@@') ? 'hunk' : ''}>
                {l || ' '}
              </div>
            ))}
          </pre>
          <div className="actions">
            <button className="primary" onClick={() => void apply()} disabled={busy} data-testid="bridge-confirm">
              {busy ? 'Writing…' : pending.action === 'install' ? 'Install' : 'Remove'}
            </button>
            <button className="secondary" onClick={() => setPending(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  )
}

function hasBridge(manifest: string): boolean {
  try {
    const m = JSON.parse(manifest) as { dependencies?: Record<string, string> }
    return Boolean(m.dependencies?.['com.slate.bridge'])
  } catch {
    return false
  }
}
