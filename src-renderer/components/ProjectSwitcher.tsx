import { useState } from 'react'
import { ApiError } from '../../src-shared/api-error'
import { useCall, useClient } from '../state/client'

/**
 * Switch to another project without closing this one first: the recent projects on the desktop,
 * the projects `slate serve --allow-open` was started with in a browser. Hidden when there is
 * nothing to switch to. The switch itself resets every view (state/project-scope.ts).
 */
export function ProjectSwitcher({ current }: { current: string }) {
  const client = useClient()
  const recent = useCall('project.recent', {})
  const [error, setError] = useState<string | null>(null)
  const others = (recent.data ?? []).filter((r) => r.root !== current)
  if (others.length === 0) return null
  const open = (root: string) => {
    setError(null)
    client.call('project.open', { root }).catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)))
  }
  return (
    <span className="project-switcher">
      <select aria-label="Switch project" data-testid="project-switch" value="" onChange={(e) => e.target.value && open(e.target.value)}>
        <option value="">Switch project…</option>
        {others.map((r) => (
          <option key={r.root} value={r.root} title={r.root}>
            {r.name}
          </option>
        ))}
      </select>
      {error && (
        <span className="error small" role="alert" data-testid="project-switch-error">
          {error}
        </span>
      )}
    </span>
  )
}
