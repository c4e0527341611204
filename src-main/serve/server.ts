import http from 'node:http'
import crypto from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { SlateCore } from '../host/slate-core'
import { contentSecurityPolicy } from '../core/csp'
import { readStatic } from './static-files'
import { Connection, type ConnectionStats } from './connection'
import { allowedHosts, checkHost, originAllowed, parseTarget, tokenMatches } from './http-guard'
import { DEFAULT_LIMITS, type ServerLimits } from './limits'

export interface ServeOptions {
  core: SlateCore
  /** Folder with the built renderer (out/renderer). */
  rendererDir: string
  host: string
  port: number
  /** Fixed token for tests; random otherwise. */
  token?: string
  /** Override limits (tests use small ones); defaults in ./limits. */
  limits?: Partial<ServerLimits>
  /** Told when a connection ends; `dropped` says why the server dropped it (null: the client closed). */
  onConnectionClosed?: (stats: ConnectionStats, dropped: string | null) => void
}

export interface RunningServer {
  url: string
  token: string
  port: number
  /** What the server holds right now, summed over connections. */
  stats(): { connections: number; callsInFlight: number; queuedOutputBytes: number; paused: number }
  close(): Promise<void>
}

/**
 * `slate serve`: the built renderer over HTTP and the API contract over a WebSocket, guarded by a
 * random token.
 *
 * Auth without cookies: a cookie is sent to every service on the same host whatever its port,
 * so a token kept in one would leak to any other local web server the browser talks to (and a
 * second `serve` would overwrite it). Instead the page keeps the token it was opened with (in its
 * URL) and presents it on the WebSocket; the page itself (`/`, `/index.html`) needs it too. The
 * other files are the public built renderer and carry no project data. The WebSocket requires an
 * Origin equal to this server's own, and every request's Host must name the listening address,
 * which defeats DNS rebinding; only a checked Host is ever written into a header (the CSP).
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { core } = options
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const token = options.token ?? crypto.randomBytes(24).toString('base64url')
  const tokenBuf = Buffer.from(token)
  let hosts = new Set<string>()
  const connections = new Set<Connection>()

  const server = http.createServer((req, res) => {
    void handleHttp(req, res).catch((err) => {
      console.error('slate serve: request failed:', err)
      if (!res.headersSent) res.writeHead(500).end('internal error')
      else res.destroy()
    })
  })
  // Malformed HTTP (bad request line, oversized headers) is answered 400 by Node; a reset socket is not an error of ours.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })

  async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = checkHost(req.headers.host, hosts)
    if (!host) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('SLATE: this server is not reachable under that host name.\n')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    const { pathname, params } = parseTarget(req.url)
    const isPage = pathname === '/' || pathname === '/index.html'
    if (isPage && !tokenMatches(params.get('token'), tokenBuf)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('SLATE: this server needs its token. Open the URL that `slate serve` printed (it ends in ?token=…).\n')
      return
    }
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy([`ws://${host}`]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Resource-Policy': 'same-origin',
    }
    const file = await readStatic(options.rendererDir, pathname)
    if (!file) {
      res.writeHead(404, headers).end('not found')
      return
    }
    res.writeHead(200, { ...headers, 'Content-Type': file.type, 'Content-Length': file.body.length })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false })
  server.on('upgrade', (req, socket, head) => {
    // Until ws owns the socket, a reset from the peer must not become an uncaught 'error'.
    socket.on('error', () => socket.destroy())
    const refuse = (status: string) => {
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      else socket.destroy()
    }
    try {
      const { pathname, params } = parseTarget(req.url)
      if (pathname !== '/api') return refuse('404 Not Found')
      const host = checkHost(req.headers.host, hosts)
      if (!host) return refuse('421 Misdirected Request')
      if (!tokenMatches(params.get('token'), tokenBuf) || !originAllowed(req.headers.origin, host)) return refuse('401 Unauthorized')
      if (connections.size >= limits.maxConnections) return refuse('503 Service Unavailable')
      wss.handleUpgrade(req, socket, head, (ws) => {
        const conn = new Connection(core, ws, limits, (dropped) => {
          connections.delete(conn)
          options.onConnectionClosed?.(conn.stats(), dropped)
        })
        connections.add(conn)
      })
    } catch (err) {
      console.warn('slate serve: upgrade refused:', err)
      refuse('400 Bad Request')
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  server.on('error', (err) => console.error('slate serve: server error:', err))
  const port = (server.address() as AddressInfo).port
  hosts = allowedHosts(options.host, port)
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    stats: () => {
      const all = [...connections].map((c) => c.stats())
      return {
        connections: all.length,
        callsInFlight: all.reduce((n, c) => n + c.callsInFlight, 0),
        queuedOutputBytes: all.reduce((n, c) => n + c.queuedOutputBytes, 0),
        paused: all.filter((c) => c.paused).length,
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.close()
        for (const client of wss.clients) client.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
