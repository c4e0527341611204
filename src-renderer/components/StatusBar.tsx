import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { cursorStatusStore } from '../state/cursor-status'
import type { HealthReport, ServiceHealth } from '../../src-shared/types'
import { useCall, useClient, useEvent } from '../state/client'
import { showShortcuts } from './Shortcuts'
import { PlayControls } from './PlayControls'

/** What a person calls each service (the bus is how SLATE instances hear about each other's changes). */
const LABELS: Record<string, string> = { database: 'database', cache: 'cache', bus: 'messaging' }

function Dot({ name, health }: { name: string; health: ServiceHealth }) {
  const label = LABELS[name] ?? name
  const detail = health.detail.replace(/\bin-process bus\b/g, 'messaging inside this app').replace(/\bLRU\b/g, 'cache')
  return (
    <span className={`health health-${health.state}`} title={`${label}: ${health.state} — ${detail}${health.error ? ` (${health.error})` : ''}`} data-testid={`health-${name}`}>
      <span className="dot" aria-hidden />
      {label}
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
  const cursor = useSyncExternalStore(cursorStatusStore.subscribe, cursorStatusStore.get)
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
      {cursor && (
        <>
          <span className="status-cursor" data-testid="status-cursor">
            Ln {cursor.line}, Col {cursor.column}
            {cursor.selected > 0 ? ` (${cursor.selected} selected)` : ''}
          </span>
          <span className="status-language" data-testid="status-language">
            {cursor.language}
          </span>
        </>
      )}
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
