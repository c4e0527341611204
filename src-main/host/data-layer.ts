import type { HealthReport } from '../../src-shared/types'
import type { CoreEvents } from '../core/events'
import { defineService } from '../core/service-registry'
import type { SettingsStore } from '../core/settings-store'
import { dataConfigFrom, openDataServices, type DataServices } from '../store/data-services'

/** What the data layer needs from the core that holds it (SlateCore satisfies it). */
export interface DataLayerHost {
  readonly dataDir: string
  readonly settings: Pick<SettingsStore, 'settings'>
  readonly events: Pick<CoreEvents, 'emit'>
  setHealthSource(source: { health(): Promise<Omit<HealthReport, 'checkedAt'>> }): void
  health(): Promise<HealthReport>
}

const HEALTH_POLL_MS = 5000

/**
 * The core's data layer (store, cache, bus, build queue) as a service of its registry: started by
 * startDataServices (UI cores, CLI commands that need it), read by everything through `core.data`,
 * closed by the registry when the core stops. It is the first service a core creates, so the
 * registry (which stops in reverse order of creation) closes it last: builds, the live link and
 * the rest still write while they stop.
 */
export class DataLayer {
  private services: DataServices | null = null
  private opening: Promise<DataServices> | null = null
  private poll: NodeJS.Timeout | null = null
  private stopped = false
  private attached = false

  /** The running data layer, or null (not started in this process, or it failed to start). */
  get current(): DataServices | null {
    return this.services
  }

  /**
   * Open it for this core: embedded or team from SLATE_DATABASE_URL / SLATE_REDIS_URL /
   * SLATE_NATS_URL, else the user's settings. It becomes the core's health source, and sync-state
   * changes become `health.changed` events (the status bar). Concurrent and repeated calls share one.
   */
  start(host: DataLayerHost, o: { migrate?: boolean } = {}): Promise<DataServices> {
    if (this.services) return Promise.resolve(this.services)
    if (this.stopped) return Promise.reject(new Error('the core is shutting down'))
    this.opening ??= this.open(host, o).finally(() => (this.opening = null))
    return this.opening
  }

  private async open(host: DataLayerHost, o: { migrate?: boolean }): Promise<DataServices> {
    const services = await openDataServices({ ...dataConfigFrom(host.dataDir, host.settings.settings), ...(o.migrate === false ? { migrate: false } : {}) })
    if (this.stopped) {
      await services.close()
      throw new Error('the core is shutting down')
    }
    this.services = services
    host.setHealthSource(services)
    // The status bar hears about every change: sync state at once, service states within a few seconds.
    let lastStates = ''
    const emitIfChanged = async (force: boolean) => {
      const h = await host.health()
      const states = JSON.stringify([h.database.state, h.cache.state, h.bus.state, h.docker.state, h.pendingSync])
      if (force || states !== lastStates) host.events.emit('health.changed', h)
      lastStates = states
    }
    const failed = (err: Error) => console.error(`slate: reading the data layer's health failed: ${err.message}`)
    services.store.onSyncState(() => void emitIfChanged(true).catch(failed))
    this.poll = setInterval(() => void emitIfChanged(false).catch(failed), HEALTH_POLL_MS)
    this.poll.unref()
    return services
  }

  /**
   * Use data services opened elsewhere (a test with its own NATS subjects); null detaches them.
   * The caller closes them: stop() leaves attached services open.
   */
  attach(services: DataServices | null): void {
    this.services = services
    this.attached = services !== null
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.poll) clearInterval(this.poll)
    this.poll = null
    await this.opening?.catch(() => undefined)
    const services = this.attached ? null : this.services
    this.services = null
    await services?.close()
  }
}

export const dataLayerService = defineService<DataLayer, DataLayerHost>({
  name: 'data layer',
  create: () => new DataLayer(),
  stop: (layer) => layer.stop(),
})
