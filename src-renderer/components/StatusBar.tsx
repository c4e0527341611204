import { useEffect, useRef, useState } from 'react'
import type { HealthReport, ServiceHealth } from '../../src-shared/types'
import { useCall, useClient, useEvent } from '../state/client'
import { showShortcuts } from './Shortcuts'
import { PlayControls } from './PlayControls'

function Dot({ name, health }: { name: string; health: ServiceHealth }) {
  return (
    <span className={`health health-${health.state}`} title={`${name}: ${health.state} — ${health.detail}${health.error ? ` (${health.error})` : ''}`} data-testid={`health-${name}`}>
      <span className="dot" aria-hidden />
      {name}
    </span>
  )
}

const unknown: ServiceHealth = { state: 'unknown' as ServiceHealth['state'], detail: 'unknown: the core is not reachable' }

export function StatusBar({ connection }: { connection: string }) {
  const client = useClient()
  const project = useCall('project.current', {})
  const [health, setHealth] = useState<HealthReport | null>(null)
  const initial = useCall('app.health', {})
  useEvent('health.changed', setHealth)
  useEvent('project.changed', () => project.reload())
  // Back from a lost connection: what was known before may have changed meanwhile.
  const wasOpen = useRef(false)
  useEffect(() => {
    if (connection !== 'open') return
    if (wasOpen.current) {
      initial.reload()
      project.reload()
    }
    wasOpen.current = true
  }, [connection])
  const known = health ?? initial.data
  // While the core is unreachable nobody knows the services' state: never keep showing green.
  const unreachable = wasOpen.current && connection !== 'open'
  const h = known && unreachable ? { ...known, database: unknown, cache: unknown, bus: unknown } : known
  const p = project.data
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className="status-project" data-testid="status-project">
        {p ? (p.productName ?? p.folderName) : 'No project'}
      </span>
      {p && (
        <span className="status-unity" data-testid="status-unity">
          Unity {p.unityVersion ?? 'version unknown'}
        </span>
      )}
      {p && <PlayControls />}
      <span className="spacer" />
      {h && (
        <>
          <span className={`mode mode-${h.mode}`} data-testid="status-mode">
            {h.mode === 'team' ? 'Team' : 'Embedded'}
          </span>
          <Dot name="database" health={h.database} />
          <Dot name="cache" health={h.cache} />
          <Dot name="bus" health={h.bus} />
          {h.pendingSync > 0 && <span className="pending" title="Changes waiting to sync to the team server">{h.pendingSync} to sync</span>}
        </>
      )}
      <button className="link-button small status-keys" onClick={showShortcuts} title="Keyboard shortcuts (?)">
        Shortcuts
      </button>
      <span className={`conn conn-${connection}`} title={`Transport: ${client.transport}`}>
        {client.transport === 'ipc' ? 'desktop' : `web · ${connection}`}
      </span>
    </footer>
  )
}
