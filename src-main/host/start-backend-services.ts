import path from 'node:path'
import { Registry } from 'prom-client'
import { InProcessBus } from '../bus/in-process-bus'
import { selectBackendServices, startBackendServices, type BackendServiceGroup } from '../core/backend-runner'
import type { SlateCore } from './slate-core'
import { BACKEND_SERVICES, SOLO_SERVICES, type BackendDeps } from './backend-services'

const groups = new WeakMap<SlateCore, BackendServiceGroup>()

/** The backend services running inside this core (solo mode), or null. */
export function backendServicesOf(core: SlateCore): BackendServiceGroup | null {
  return groups.get(core) ?? null
}

/**
 * Solo mode: the backend services of a team server (SOLO_SERVICES: logs, analytics, asset,
 * container — those in this build) run inside the app on its in-process bus, so the UI's calls
 * that go over the bus (runtime sessions, log storage) work with nothing installed. Not when a
 * NATS server is configured: then `slate services` on the team server answers. Drained on
 * dispose. A service that fails to start is reported, not fatal (the IDE still opens).
 */
export async function startSoloBackendServices(core: SlateCore): Promise<BackendServiceGroup | null> {
  const data = core.data
  if (!data || !(data.bus instanceof InProcessBus) || groups.has(core)) return groups.get(core) ?? null
  const deps: BackendDeps = {
    data,
    dataDir: core.dataDir,
    solo: true,
    http: null,
    dockerReachable: false,
    workspace: path.join(core.dataDir, 'workspace'),
    linkHost: '127.0.0.1',
    linkPort: 0,
    worker: {},
    settingUnity: core.settings.settings.unityPath,
  }
  const ctx = { metrics: new Registry(), log: (line: string) => console.error(`slate: ${line}`) }
  const { selected } = selectBackendServices(BACKEND_SERVICES.filter((e) => SOLO_SERVICES.includes(e.name)), deps, null)
  const group = await startBackendServices(selected, deps, ctx)
  groups.set(core, group)
  // registered after the data layer's disposer, so it runs first (disposers run in reverse)
  core.onDispose(async () => {
    groups.delete(core)
    await group.drain()
  })
  return group
}
