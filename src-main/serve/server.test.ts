import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { SlateCore } from '../host/slate-core'
import { unityFixture } from '../testing/fixtures'
import { startServer, type RunningServer } from './server'

let server: RunningServer
let core: SlateCore
const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-renderer-'))
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SLATE</title>')

beforeAll(async () => {
  core = new SlateCore({ runtime: 'serve', lockedProject: true, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'slate-data-')) })
  await core.init()
  await core.openProject(unityFixture('BoatAttack'))
  server = await startServer({ core, rendererDir, host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  await server.close()
  await core.dispose()
})

/** Open a socket and resolve on 'open', or reject with the HTTP status of a refused upgrade. */
function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`, { headers: { Origin: `http://127.0.0.1:${server.port}`, ...headers } })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function rpc(ws: WebSocket, msg: unknown): Promise<{ id: number | null; ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const parsed = JSON.parse(data.toString())
      if ('event' in parsed) return
      ws.off('message', onMessage)
      resolve(parsed)
    }
    ws.on('message', onMessage)
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg))
  })
}

describe('slate serve', () => {
  it('prints a loopback URL with the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{20,}$`))
  })

  it('refuses HTTP without the token and serves the UI with it', async () => {
    const without = await fetch(`http://127.0.0.1:${server.port}/`)
    expect(without.status).toBe(401)
    const wrong = await fetch(`http://127.0.0.1:${server.port}/?token=${'x'.repeat(server.token.length)}`)
    expect(wrong.status).toBe(401)
    const ok = await fetch(server.url)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    // No cookie: it would be sent to every other service on this host, whatever its port.
    expect(ok.headers.get('set-cookie')).toBeNull()
  })

  it('refuses a WebSocket without the token, or from another origin', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401')
    await expect(connect('?token=nope')).rejects.toThrow('HTTP 401')
    await expect(connect(`?token=${server.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 401')
  })

  it('answers calls with the token, returns validation errors for malformed arguments, and keeps serving', async () => {
    const ws = await connect(`?token=${server.token}`)
    const project = await rpc(ws, { id: 1, method: 'project.current', args: {} })
    expect(project).toMatchObject({ id: 1, ok: true, result: { productName: 'BoatAttack', unityVersion: '2020.3.23f1' } })

    const bad = await rpc(ws, { id: 2, method: 'fs.read', args: { path: 42 } })
    expect(bad).toMatchObject({ id: 2, ok: false, error: { code: 'invalid_argument' } })
    const extra = await rpc(ws, { id: 3, method: 'app.info', args: { surprise: true } })
    expect(extra).toMatchObject({ id: 3, ok: false, error: { code: 'invalid_argument' } })
    const notJson = await rpc(ws, '{not json')
    expect(notJson).toMatchObject({ id: null, ok: false, error: { code: 'invalid_argument' } })
    const unknown = await rpc(ws, { id: 4, method: 'fs.rmrf', args: {} })
    expect(unknown).toMatchObject({ id: 4, ok: false, error: { code: 'unknown_method' } })

    const after = await rpc(ws, { id: 5, method: 'app.info', args: {} })
    expect(after).toMatchObject({ id: 5, ok: true, result: { name: 'SLATE', runtime: 'serve' } })
    ws.close()
  })

  it('refuses paths outside the project', async () => {
    const ws = await connect(`?token=${server.token}`)
    const escape = await rpc(ws, { id: 1, method: 'fs.read', args: { path: '../../etc/passwd' } })
    expect(escape).toMatchObject({ ok: false, error: { code: 'forbidden_path' } })
    const absolute = await rpc(ws, { id: 2, method: 'fs.read', args: { path: '/etc/passwd' } })
    expect(absolute).toMatchObject({ ok: false, error: { code: 'forbidden_path' } })
    const inside = await rpc(ws, { id: 3, method: 'fs.read', args: { path: 'ProjectSettings/ProjectVersion.txt' } })
    expect(inside).toMatchObject({ ok: true, result: { path: 'ProjectSettings/ProjectVersion.txt' } })
    expect((inside.result as { content: string }).content).toContain('2020.3.23f1')
    const other = await rpc(ws, { id: 4, method: 'project.open', args: { root: '/etc' } })
    expect(other).toMatchObject({ ok: false })
    ws.close()
  })

  it('does not serve files outside the renderer folder over HTTP', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/..%2f..%2f..%2fetc%2fpasswd?token=${server.token}`)
    expect(res.status).toBe(404)
  })
})
