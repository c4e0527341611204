import { useState } from 'react'
import { ApiError } from '../../src-shared/api-error'
import { useCall, useClient } from '../state/client'
import { ErrorBox } from './EmptyState'

/**
 * Shown when no project is open: Open Project… (the native dialog, desktop only) and the recent
 * projects. In `slate serve` the server is bound to one project, so this rarely shows there.
 */
export function ProjectPicker() {
  const client = useClient()
  const recent = useCall('project.recent', {})
  const [error, setError] = useState<ApiError | null>(null)
  const run = async (fn: () => Promise<unknown>) => {
    setError(null)
    try {
      await fn()
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('internal', String(err)))
    }
  }
  return (
    <div className="project-picker" data-testid="project-picker">
      <button className="primary" autoFocus onClick={() => run(() => client.call('project.openDialog', {}))}>
        Open Project…
      </button>
      {recent.data && recent.data.length > 0 && (
        <>
          <h3 className="muted small">Recent projects</h3>
          <ul className="recent-list">
            {recent.data.map((r) => (
              <li key={r.root}>
                <button className="link" onClick={() => run(() => client.call('project.open', { root: r.root }))} title={r.root}>
                  <strong>{r.name}</strong> <span className="muted mono small">{r.root}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  )
}
