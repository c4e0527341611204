import http from 'node:http'
import crypto from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { SlateCore } from '../host/slate-core'
import { dispatch } from '../api/registry'
import { contentSecurityPolicy } from '../core/csp'
import { readStatic } from './static-files'
import type { WireEvent, WireRequest, WireResponse } from './wire'

export interface ServeOptions {
  core: SlateCore
  /** Folder with the built renderer (out/renderer). */
  rendererDir: string
  host: string
  port: number
  /** Fixed token for tests; random otherwise. */
  token?: string
}

export interface RunningServer {
  url: string
  token: string
  port: number
  close(): Promise<void>
}

/** Extra HTTP endpoints (binary data such as thumbnails) registered by subsystems; token-checked like everything else. */
export type HttpRoute = (core: SlateCore, url: URL, res: http.ServerResponse) => Promise<boolean>
const extraRoutes: HttpRoute[] = []
export function registerHttpRoute(route: HttpRoute): void {
  extraRoutes.push(route)
}

const COOKIE = 'slate_token'
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024

/**
 * `slate serve`: the built renderer over HTTP and the API contract over a WebSocket, guarded by a
 * random token. The token arrives once in the URL; the server then sets it as an HttpOnly,
 * SameSite=Strict cookie so the page's own requests carry it. The WebSocket also checks the
 * Origin header, so another site open in the same browser cannot talk to the API.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { core } = options
  const token = options.token ?? crypto.randomBytes(24).toString('base64url')
  const tokenBuf = Buffer.from(token)

  const authorized = (req: http.IncomingMessage, url: URL): boolean => {
    const candidate = url.searchParams.get('token') ?? readCookie(req.headers.cookie, COOKIE)
    if (!candidate) return false
    const buf = Buffer.from(candidate)
    return buf.length === tokenBuf.length && crypto.timingSafeEqual(buf, tokenBuf)
  }

  const server = http.createServer((req, res) => {
    void handleHttp(req, res).catch((err) => {
      console.error('slate serve: request failed:', err)
      if (!res.headersSent) res.writeHead(500).end('internal error')
    })
  })

  async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    if (!authorized(req, url)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('SLATE: this server needs its token. Open the URL that `slate serve` printed (it ends in ?token=…).\n')
      return
    }
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy([`ws://${req.headers.host ?? ''}`]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    }
    if (url.searchParams.has('token')) {
      headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
    }
    for (const route of extraRoutes) {
      if (await route(core, url, res)) return
    }
    const file = await readStatic(options.rendererDir, url.pathname)
    if (!file) {
      res.writeHead(404, headers).end('not found')
      return
    }
    res.writeHead(200, { ...headers, 'Content-Type': file.type, 'Content-Length': file.body.length })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const sameOrigin = !req.headers.origin || new URL(req.headers.origin).host === req.headers.host
    if (url.pathname !== '/api' || !authorized(req, url) || !sameOrigin) {
      const status = url.pathname !== '/api' ? '404 Not Found' : '401 Unauthorized'
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(core, ws))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function serveSocket(core: SlateCore, ws: WebSocket): void {
  const send = (msg: WireResponse | WireEvent) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
  }
  const unsubscribe = core.events.onAny((event, payload) => send({ event, payload }))
  ws.on('close', unsubscribe)
  ws.on('message', (data) => {
    let req: WireRequest
    try {
      req = JSON.parse(data.toString()) as WireRequest
    } catch {
      send({ id: null, ok: false, error: { code: 'invalid_argument', message: 'Message is not valid JSON' } })
      return
    }
    const id = typeof req?.id === 'number' ? req.id : null
    if (id === null || typeof req.method !== 'string') {
      send({ id, ok: false, error: { code: 'invalid_argument', message: 'A request needs a numeric "id" and a string "method"' } })
      return
    }
    void dispatch(core, req.method, req.args).then((outcome) => send({ id, ...outcome }))
  })
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return null
}
