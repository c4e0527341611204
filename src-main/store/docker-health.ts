import fs from 'node:fs'
import http from 'node:http'
import type { ServiceHealth } from '../../src-shared/types'

/** Where Docker is, when it is configured at all: DOCKER_HOST (unix:// or tcp://) or the default socket. */
export function dockerEndpoint(): { socketPath?: string; host?: string; port?: number; label: string } | null {
  const env = process.env.DOCKER_HOST
  if (env?.startsWith('unix://')) return { socketPath: env.slice(7), label: env }
  if (env?.startsWith('tcp://')) {
    const u = new URL(env.replace(/^tcp:/, 'http:'))
    return { host: u.hostname, port: Number(u.port || 2375), label: env }
  }
  if (process.platform !== 'win32' && fs.existsSync('/var/run/docker.sock')) return { socketPath: '/var/run/docker.sock', label: 'unix:///var/run/docker.sock' }
  return null
}

/** GET /_ping on the engine. Docker is optional: absent means "disabled", not "down". */
export function dockerHealth(timeoutMs = 1500): Promise<ServiceHealth> {
  const ep = dockerEndpoint()
  if (!ep) return Promise.resolve({ state: 'disabled', detail: 'no Docker engine configured (DOCKER_HOST)' })
  const t0 = performance.now()
  return new Promise((resolve) => {
    const req = http.request({ socketPath: ep.socketPath, host: ep.host, port: ep.port, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume()
      res.on('end', () =>
        resolve(
          res.statusCode === 200
            ? { state: 'ok', detail: `Docker ${ep.label}`, latencyMs: Math.round((performance.now() - t0) * 100) / 100 }
            : { state: 'down', detail: `Docker ${ep.label}`, error: `HTTP ${res.statusCode}` },
        ),
      )
    })
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', (err) => resolve({ state: 'down', detail: `Docker ${ep.label}`, error: err.message }))
    req.end()
  })
}
