import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'
import type { BackendServiceGroup } from './backend-runner'

/** A route a service adds to the one port (the artifact server's /artifacts/…): true when it answered. */
export type HttpRoute = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean

export interface ServicesHttp {
  url: string
  port: number
  /** add a route (services started after the server add theirs) */
  addRoute(route: HttpRoute): void
  close(): Promise<void>
}

/**
 * The one HTTP port of `slate services`: /healthz (JSON of every service's health; 200 when all
 * are ok, 503 otherwise; no token: it says nothing secret), /metrics (Prometheus text from the
 * process's registry) and the routes services add. Nothing else answers (404).
 */
export async function startServicesHttp(o: { host: string; port: number; metrics: Registry; group: () => BackendServiceGroup | null; onRequest?: () => void }): Promise<ServicesHttp> {
  const routes: HttpRoute[] = []
  const server = http.createServer((req, res) => {
    o.onRequest?.()
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://services')
      if (url.pathname === '/healthz') {
        const group = o.group()
        const services = group?.status() ?? []
        const ok = group !== null && services.every((s) => s.ok)
        const body = JSON.stringify({ ok, starting: group === null, services })
        return void res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body + '\n')
      }
      if (url.pathname === '/metrics') {
        if (req.method !== 'GET') return void res.writeHead(405).end()
        const text = await o.metrics.metrics()
        return void res.writeHead(200, { 'Content-Type': o.metrics.contentType }).end(text)
      }
      for (const r of routes) if (r(req, res, url)) return
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n')
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end('internal error\n')
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port, o.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = o.host.includes(':') ? `[${o.host}]` : o.host
  return {
    url: `http://${host}:${port}`,
    port,
    addRoute: (r) => void routes.push(r),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
