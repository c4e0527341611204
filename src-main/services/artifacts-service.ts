import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Counter } from 'prom-client'
import type { BackendService, BackendServiceContext } from '../core/backend-service'
import type { HttpRoute } from '../core/services-http'
import { artifactRoute } from './artifact-server'

export interface ArtifactsServiceDeps {
  /** the farm workspace: artifacts are in <workspace>/artifacts/<jobId>/ (kept by the build worker) */
  workspace: string
  /** SLATE_ARTIFACTS_TOKEN, else one made on first start in <workspace>/artifacts.token (0600) */
  token?: string
  /** the routes go on the one port of `slate services` */
  addRoute(route: HttpRoute): void
}

/** The artifact token: the given one, else the workspace's (made once, readable by this user only). */
export function artifactToken(workspace: string, given?: string): { token: string; from: string } {
  if (given?.trim()) return { token: given.trim(), from: 'SLATE_ARTIFACTS_TOKEN' }
  const file = path.join(workspace, 'artifacts.token')
  if (!fs.existsSync(file)) {
    try {
      fs.writeFileSync(file, crypto.randomBytes(24).toString('base64url'), { flag: 'wx', mode: 0o600 })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err // another instance made it first
    }
  }
  return { token: fs.readFileSync(file, 'utf8').trim(), from: file }
}

/**
 * `artifacts`: the build farm's outputs over HTTP on the services port (GET /artifacts/<jobId>/,
 * with the artifact token). Draining stops answering new artifact requests (404) — downloads
 * already streaming finish with the HTTP server's close.
 */
export async function startArtifactsService(deps: ArtifactsServiceDeps, ctx: BackendServiceContext): Promise<BackendService> {
  fs.mkdirSync(deps.workspace, { recursive: true })
  const { token, from } = artifactToken(deps.workspace, deps.token)
  const requests = new Counter({ name: 'slate_artifacts_requests_total', help: 'artifact requests by HTTP status', labelNames: ['status'], registers: [ctx.metrics] })
  let open = true
  const route = artifactRoute({ workspace: deps.workspace, token, onRequest: (status) => requests.inc({ status: String(status) }) })
  deps.addRoute((req, res, url) => open && route(req, res, url))
  ctx.log(`artifacts: serving ${path.join(deps.workspace, 'artifacts')} (token: ${from})`)
  return {
    name: 'artifacts',
    inFlight: () => 0,
    health: () => ({ ok: open, detail: open ? `serving ${path.join(deps.workspace, 'artifacts')}` : 'drained' }),
    drain: async () => {
      open = false
    },
  }
}
