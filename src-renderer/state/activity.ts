import { useSyncExternalStore } from 'react'
import type { EventName, PayloadOf, SlateClient } from '../../src-shared/contract'
import { onProjectSwitch } from './project-scope'

export interface Activity {
  at: number
  kind: 'index' | 'build' | 'console' | 'health' | 'project'
  text: string
}

const MAX = 50
let items: Activity[] = []
const listeners = new Set<() => void>()
let installedOn: SlateClient | null = null
// The feed is the open project's: a switch starts it afresh (with "Opened …" as its first line).
onProjectSwitch(() => {
  items = []
  for (const l of listeners) l()
})

function push(a: Activity): void {
  items = [a, ...items].slice(0, MAX)
  for (const l of listeners) l()
}

/**
 * The dashboard's "recent activity": what the core announced on its event stream (the same
 * events the bus carries for index changes, builds and health), collected from app start so the
 * feed is already full when the dashboard opens. Console appends are summarised, not listed.
 */
export function installActivityFeed(client: SlateClient): void {
  if (installedOn === client) return
  installedOn = client
  // Typed by the contract: each handler gets its event's own payload type.
  const on = <E extends EventName>(name: E, fn: (p: PayloadOf<E>) => Activity | null) =>
    client.on(name, (p) => {
      const a = fn(p)
      if (a) push(a)
    })
  on('index.changed', (c) =>
    c.changed.length + c.removed.length === 0
      ? { at: Date.now(), kind: 'index', text: `Project indexed: ${c.totalAssets.toLocaleString()} assets` }
      : { at: Date.now(), kind: 'index', text: `${c.changed.length} changed, ${c.removed.length} removed: ${[...c.changed, ...c.removed].slice(0, 2).join(', ')}${c.changed.length + c.removed.length > 2 ? '…' : ''}` },
  )
  on('build.finished', (b) => ({ at: Date.now(), kind: 'build', text: `Build ${b.target} ${b.status}${b.reason ? `: ${b.reason}` : ''}` }))
  let lastStage = ''
  on('build.progress', (b) => {
    const key = `${b.jobId}:${b.stage}`
    if (key === lastStage) return null
    lastStage = key
    return { at: Date.now(), kind: 'build', text: `Build ${b.jobId.slice(0, 8)} · ${b.step} ${b.progress}%` }
  })
  on('health.changed', (h) => ({ at: Date.now(), kind: 'health', text: `Health: database ${h.database.state}, cache ${h.cache.state}, bus ${h.bus.state}` }))
  on('project.changed', (p) => ({ at: Date.now(), kind: 'project', text: p ? `Opened ${p.folderName}` : 'Project closed' }))
  on('console.appended', (c) => (c.live ? null : { at: Date.now(), kind: 'console', text: `Log loaded: ${c.entries.toLocaleString()} entries` }))
}

export function useActivity(): Activity[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => items,
  )
}
