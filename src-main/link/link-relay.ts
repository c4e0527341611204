import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import { relayRoute, type RelayedDown, type RelayedUp } from './link-peer'
import { CLOSE_BAD_TOKEN, LINK_PATH, parseHello } from './protocol'

/**
 * The live link for players on other machines (`slate services --only link`): a player's bridge
 * connects to this WebSocket exactly as it would to SLATE on its own machine (same protocol, same
 * token); the relay carries each message over NATS to the one SLATE whose token it holds. The
 * route is a hash of the token and the hello is forwarded with the token replaced by that route,
 * so the token never travels on the bus. A connection whose first message is not a hello is
 * closed; a player that goes away is announced so SLATE ends its session.
 */
export interface LinkRelay {
  url: string
  port: number
  /** players connected right now */
  connections(): number
  close(): Promise<void>
}

const MAX_MESSAGE = 16 * 1024 * 1024
/** No SLATE answered a hello on its route in this long: nobody holds that token. */
const WELCOME_TIMEOUT_MS = 5000

export async function startLinkRelay(o: { bus: Bus; subjects: Subjects; host?: string; port?: number; welcomeTimeoutMs?: number }): Promise<LinkRelay> {
  const server = http.createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE })
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] !== LINK_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => relay(ws))
  })

  function relay(ws: WebSocket): void {
    const conn = crypto.randomUUID().replace(/-/g, '')
    let route: string | null = null
    let down: { unsubscribe(): void } | null = null
    const up = (msg: RelayedUp) => route && o.bus.publish(o.subjects.linkUp(route, conn), msg)
    ws.on('error', () => undefined)
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8')
      if (!route) {
        const hello = parseHello(text)
        if (!hello) {
          ws.close(4400, 'the first message must be a hello')
          return
        }
        route = relayRoute(hello.token)
        // Closed like a wrong token (the bridge then stops retrying it) when no SLATE answers.
        const noAnswer = setTimeout(() => ws.close(CLOSE_BAD_TOKEN, 'no SLATE holds this token'), o.welcomeTimeoutMs ?? WELCOME_TIMEOUT_MS)
        ws.once('close', () => clearTimeout(noAnswer))
        down = o.bus.subscribe<RelayedDown>(o.subjects.linkDown(route, conn), (m) => {
          clearTimeout(noAnswer)
          if (m.data?.close) ws.close(m.data.close.code >= 1000 && m.data.close.code < 5000 ? m.data.close.code : 1000, m.data.close.reason.slice(0, 120))
          else if (typeof m.data?.text === 'string') ws.send(m.data.text)
        })
        const forwarded = { ...(JSON.parse(text) as Record<string, unknown>), token: `relay:${route}` }
        up({ text: JSON.stringify(forwarded) })
        return
      }
      up({ text })
    })
    ws.on('close', () => {
      up({ closed: true })
      down?.unsubscribe()
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const shown = (o.host ?? '127.0.0.1').includes(':') ? `[${o.host}]` : (o.host ?? '127.0.0.1')
  return {
    url: `ws://${shown}:${port}${LINK_PATH}`,
    port,
    connections: () => wss.clients.size,
    close: async () => {
      for (const c of wss.clients) c.close(1001, 'relay stopping')
      wss.close()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    },
  }
}
