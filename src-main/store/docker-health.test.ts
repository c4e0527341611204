import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dockerHealth } from './docker-health'

/** A stand-in engine on a unix socket: the health check only speaks GET /_ping. */
async function fakeEngine(status: number): Promise<{ socket: string; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-docker-'))
  const socket = path.join(dir, 'docker.sock')
  const server = http.createServer((req, res) => {
    res.statusCode = req.url === '/_ping' ? status : 404
    res.end('OK')
  })
  await new Promise<void>((resolve) => server.listen(socket, resolve))
  return {
    socket,
    close: () => new Promise<void>((resolve) => server.close(() => (fs.rmSync(dir, { recursive: true, force: true }), resolve()))),
  }
}

describe('Docker health', () => {
  const saved = process.env.DOCKER_HOST
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST
    else process.env.DOCKER_HOST = saved
  })

  it('ok when the engine answers /_ping, down when it fails or is absent', async () => {
    const good = await fakeEngine(200)
    const bad = await fakeEngine(500)
    try {
      process.env.DOCKER_HOST = `unix://${good.socket}`
      expect(await dockerHealth()).toMatchObject({ state: 'ok', detail: `Docker unix://${good.socket}` })
      process.env.DOCKER_HOST = `unix://${bad.socket}`
      expect(await dockerHealth()).toMatchObject({ state: 'down', error: 'HTTP 500' })
      process.env.DOCKER_HOST = `unix://${good.socket}.missing`
      expect((await dockerHealth()).state).toBe('down')
    } finally {
      await good.close()
      await bad.close()
    }
  })
})
