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

export async function startArtifactServer(o: { workspace: string; token: string; host?: string; port?: number }): Promise<ArtifactServer> {
  const root = path.join(o.workspace, 'artifacts')
  fs.mkdirSync(root, { recursive: true })
  const realRoot = fs.realpathSync(root)
  const want = Buffer.from(o.token)
  const authorized = (req: http.IncomingMessage) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
    const got = Buffer.from(m?.[1] ?? '')
    return got.length === want.length && crypto.timingSafeEqual(got, want)
  }
  const server = http.createServer((req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://artifacts')
      if (url.pathname === '/healthz') return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n')
      if (req.method !== 'GET') return void res.writeHead(405).end()
      if (!authorized(req)) return void res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end('artifact token required\n')
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
      if (parts[0] !== 'artifacts' || !parts[1] || !JOB.test(parts[1]) || parts.some((p) => p === '..' || p.includes('/') || p.includes('\0'))) return void res.writeHead(404).end('not found\n')
      const target = path.join(realRoot, ...parts.slice(1))
      let real: string
      try {
        real = fs.realpathSync(target)
      } catch {
        return void res.writeHead(404).end('not found\n')
      }
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return void res.writeHead(404).end('not found\n')
      const st = fs.statSync(real)
      if (st.isDirectory()) {
        const files = listFiles(real).map((f) => path.relative(path.join(realRoot, parts[1]), f).split(path.sep).join('/'))
        return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jobId: parts[1], files }))
      }
      if (!st.isFile()) return void res.writeHead(404).end('not found\n')
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': st.size, 'Content-Disposition': `attachment; filename="${path.basename(real).replace(/"/g, '')}"` })
      fs.createReadStream(real).on('error', () => res.destroy()).pipe(res)
    } catch {
      if (!res.headersSent) res.writeHead(500).end('internal error\n')
    }
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
