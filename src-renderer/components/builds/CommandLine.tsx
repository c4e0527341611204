import { useState } from 'react'
import type { BuildProfile, BuildRunnerKind } from '../../../src-shared/types-builds'
import { ApiError } from '../../../src-shared/api-error'
import { useClient } from '../../state/client'

/** "Show command line": the exact Unity invocation a build would run (`slate build --dry-run`). */
export function CommandLine({ profile, runner, image, disabled }: { profile: BuildProfile; runner: BuildRunnerKind; image?: string; disabled: boolean }) {
  const client = useClient()
  const [shown, setShown] = useState<{ text: string; notes: string[]; for: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const key = JSON.stringify([profile, runner, image])
  const stale = shown !== null && shown.for !== key
  const show = async () => {
    setError(null)
    try {
      const r = await client.call('builds-ui.commandLine', { profile, runner, image })
      setShown({ text: r.text, notes: r.notes, for: key })
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  return (
    <div className="bld-cmdline">
      <div className="actions">
        <button className="secondary" onClick={() => void show()} disabled={disabled} title={disabled ? 'Fix the errors above first' : undefined} data-testid="show-command-line">
          {shown && !stale ? 'Refresh command line' : 'Show command line'}
        </button>
        {shown && (
          <button className="link-button" onClick={() => void navigator.clipboard?.writeText(shown.text)}>
            Copy
          </button>
        )}
        {stale && <span className="muted small">The profile changed since: refresh to see its command line.</span>}
      </div>
      {error && <div className="error-box">{error}</div>}
      {shown && (
        <pre className="mono bld-cmd" data-testid="command-line">
          {shown.notes.map((n) => `# ${n}\n`).join('')}
          {shown.text}
        </pre>
      )}
    </div>
  )
}
