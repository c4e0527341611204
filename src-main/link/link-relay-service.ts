import { Gauge } from 'prom-client'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import type { BackendService, BackendServiceContext } from '../core/backend-service'
import { startLinkRelay } from './link-relay'

/**
 * `link`: the live-link relay for players on other machines (its own WebSocket port, see
 * link-relay.ts). Draining closes the players' connections (1001: they reconnect to another
 * relay instance) and the port.
 */
export async function startLinkService(deps: { bus: Bus; subjects: Subjects; host: string; port: number }, ctx: BackendServiceContext): Promise<BackendService> {
  const relay = await startLinkRelay({ bus: deps.bus, subjects: deps.subjects, host: deps.host, port: deps.port })
  new Gauge({ name: 'slate_link_connections', help: 'players connected to this relay', registers: [ctx.metrics], collect() { this.set(relay.connections()) } })
  ctx.log(`link: relay on ${relay.url} (players: -slateLink ${relay.url} -slateToken <token>)`)
  let open = true
  return {
    name: 'link',
    inFlight: () => relay.connections(),
    health: () => (deps.bus.kind === 'nats' ? { ok: open, detail: open ? `${relay.url}, ${relay.connections()} player(s)` : 'drained' } : { ok: false, detail: 'NATS is not connected: relayed players reach no SLATE' }),
    drain: async () => {
      open = false
      await relay.close()
    },
  }
}
