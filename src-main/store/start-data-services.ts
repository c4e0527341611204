import type { SlateCore } from '../core/slate-core'
import { dataConfigFrom, openDataServices, type DataServices } from './data-services'

/**
 * Open the data layer for a core: embedded or team from SLATE_DATABASE_URL / SLATE_REDIS_URL /
 * SLATE_NATS_URL, else the user's settings. Registers itself as the core's health source, turns
 * sync-state changes into `health.changed` events (the status bar), and closes on dispose.
 * Idempotent: a second call returns the same services.
 */
export async function startDataServices(core: SlateCore): Promise<DataServices> {
  if (core.data) return core.data
  const services = await openDataServices(dataConfigFrom(core.dataDir, core.settings.settings))
  core.data = services
  core.setHealthSource(services)
  services.store.onSyncState(() => {
    void core.health().then((h) => core.events.emit('health.changed', h))
  })
  core.onDispose(async () => {
    core.data = null
    await services.close()
  })
  return services
}
