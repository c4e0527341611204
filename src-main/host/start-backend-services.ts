import path from 'node:path'
import { Registry } from 'prom-client'
import { InProcessBus } from '../bus/in-process-bus'
import { defineService } from '../core/service-registry'
import { selectBackendServices, startBackendServices, type BackendServiceGroup } from '../core/backend-runner'
import type { SlateCore } from './slate-core'
import { BACKEND_SERVICES, SOLO_SERVICES, type BackendDeps } from './backend-services'

/**
 * The solo services of a core, a service of its registry: created after the data layer, so the
 * registry (which stops in reverse order of creation) drains them before the data layer closes.
 */
const soloServices = defineService<{ group: BackendServiceGroup | null; starting: Promise<BackendServiceGroup | null> | null }, SlateCore>({
  name: 'backend services',
  create: () => ({ group: null, starting: null }),
  stop: async (s) => {
    const group = s.group ?? (await s.starting?.catch(() => null))
    s.group = null
    await group?.drain()
  },
})

/** The backend services running inside this core (solo mode), or null. */
export function backendServicesOf(core: SlateCore): BackendServiceGroup | null {
  return core.service(soloServices).group
}

/**
 * Solo mode: the backend services of a team server (SOLO_SERVICES: logs, analytics, asset,
 * container — those in this build) run inside the app on its in-process bus, so the UI's calls
 * that go over the bus (runtime sessions, log storage) work with nothing installed. Not when a
 * NATS server is configured: then `slate services` on the team server answers. Drained when the
 * core stops, before the data layer closes. Repeated calls share one start.
 */
export function startSoloBackendServices(core: SlateCore): Promise<BackendServiceGroup | null> {
  const data = core.data
  if (!data || !(data.bus instanceof InProcessBus)) return Promise.resolve(null)
  const state = core.service(soloServices)
  state.starting ??= (async () => {
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
    state.group = await startBackendServices(selected, deps, ctx)
    return state.group
  })()
  return state.starting
}
