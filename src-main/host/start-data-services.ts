import type { SlateCore } from './slate-core'
import { dataConfigFrom, openDataServices, type DataServices } from '../store/data-services'

/**
 * Open the data layer for a core: embedded or team from SLATE_DATABASE_URL / SLATE_REDIS_URL /
 * SLATE_NATS_URL, else the user's settings. Registers itself as the core's health source, turns
 * sync-state changes into `health.changed` events (the status bar), and closes on dispose.
 * Idempotent: a second call returns the same services.
 */
const HEALTH_POLL_MS = 5000

export async function startDataServices(core: SlateCore, o: { migrate?: boolean } = {}): Promise<DataServices> {
  if (core.data) return core.data
  const services = await openDataServices({ ...dataConfigFrom(core.dataDir, core.settings.settings), ...(o.migrate === false ? { migrate: false } : {}) })
  core.data = services
  core.setHealthSource(services)
  // The status bar hears about every change: sync state at once, service states within a few seconds.
  let lastStates = ''
  const emitIfChanged = async (force: boolean) => {
    const h = await core.health()
    const states = JSON.stringify([h.database.state, h.cache.state, h.bus.state, h.docker.state, h.pendingSync])
    if (force || states !== lastStates) core.events.emit('health.changed', h)
    lastStates = states
  }
  services.store.onSyncState(() => void emitIfChanged(true).catch(() => undefined))
  const poll = setInterval(() => void emitIfChanged(false).catch(() => undefined), HEALTH_POLL_MS)
  poll.unref()
  core.onDispose(async () => {
    clearInterval(poll)
    core.data = null
    await services.close()
  })
  return services
}
