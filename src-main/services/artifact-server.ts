import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

/**
 * The farm's artifacts over HTTP (`slate services --only artifacts`): GET /artifacts/<jobId>/
 * lists a build's files, GET /artifacts/<jobId>/<file> downloads one, both only with the team's
 * artifact token (`Authorization: Bearer <token>`). Paths are confined to the artifacts folder
 * (no `..`, no links followed out of it, regular files only). /healthz answers without a token.
 */
export interface ArtifactServer {
  url: string
  port: number
  close(): Promise<void>
}

const JOB = /^[0-9a-f-]{36}$/i

/** The artifact routes as a handler of any HTTP server (the one port of `slate services`): true when the request was an artifact request. */
export function artifactRoute(o: { workspace: string; token: string; onRequest?: (status: number) => void }): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean {
  const root = path.join(o.workspace, 'artifacts')
  fs.mkdirSync(root, { recursive: true })
  const realRoot = fs.realpathSync(root)
  const want = Buffer.from(o.token)
  const authorized = (req: http.IncomingMessage) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
    const got = Buffer.from(m?.[1] ?? '')
    return got.length === want.length && crypto.timingSafeEqual(got, want)
  }
  /** answer, count, and say the request was ours */
  const send = (res: http.ServerResponse, status: number, body: string, headers: http.OutgoingHttpHeaders = {}): true => {
    o.onRequest?.(status)
    res.writeHead(status, { 'Content-Type': 'text/plain', ...headers }).end(body)
    return true
  }
  return (req, res, url) => {
    if (url.pathname !== '/artifacts' && !url.pathname.startsWith('/artifacts/')) return false
    try {
      if (req.method !== 'GET') return send(res, 405, '')
      if (!authorized(req)) return send(res, 401, 'artifact token required\n', { 'WWW-Authenticate': 'Bearer' })
      const real = resolveArtifact(realRoot, url.pathname)
      if (!real) return send(res, 404, 'not found\n')
      const st = fs.statSync(real.path)
      if (st.isDirectory()) {
        const files = listFiles(real.path).map((f) => path.relative(path.join(realRoot, real.jobId), f).split(path.sep).join('/'))
        return send(res, 200, JSON.stringify({ jobId: real.jobId, files }), { 'Content-Type': 'application/json' })
      }
      if (!st.isFile()) return send(res, 404, 'not found\n')
      o.onRequest?.(200)
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': st.size, 'Content-Disposition': `attachment; filename="${path.basename(real.path).replace(/"/g, '')}"` })
      fs.createReadStream(real.path).on('error', () => res.destroy()).pipe(res)
    } catch {
      if (!res.headersSent) send(res, 500, 'internal error\n')
    }
    return true
  }
}

/** /artifacts/<jobId>/<file…> inside the artifacts folder (no `..`, no link out of it), or null. */
function resolveArtifact(realRoot: string, pathname: string): { jobId: string; path: string } | null {
  let parts: string[]
  try {
    parts = pathname.split('/').filter(Boolean).map(decodeURIComponent)
  } catch {
    return null
  }
  if (!parts[1] || !JOB.test(parts[1]) || parts.some((p) => p === '..' || p.includes('/') || p.includes('\0'))) return null
  let real: string
  try {
    real = fs.realpathSync(path.join(realRoot, ...parts.slice(1)))
  } catch {
    return null
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null
  return { jobId: parts[1], path: real }
}

/** The artifact routes on a server of their own (tests; `slate services` puts them on its one port). */
export async function startArtifactServer(o: { workspace: string; token: string; host?: string; port?: number }): Promise<ArtifactServer> {
  const route = artifactRoute(o)
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://artifacts')
    if (url.pathname === '/healthz') return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n')
    if (!route(req, res, url)) res.writeHead(404).end('not found\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) listFiles(p, out)
    else if (e.isFile()) out.push(p)
  }
  return out
}
