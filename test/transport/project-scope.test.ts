import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WS from 'ws'
import type { SlateClient } from '../../src-shared/contract'
import { createWebSocketClient } from '../../src-renderer/transport/websocket-client'
import { currentProjectRoot, onProjectSwitch, scopeToProject } from '../../src-renderer/state/project-scope'
import { SlateCore } from '../../src-main/host/slate-core'
import { startServer, type RunningServer } from '../../src-main/serve/server'
import { tempProject } from '../../src-main/serve/testing/harness'
import type { HealthReport } from '../../src-shared/types'

// The renderer's project scope over the real WebSocket transport and core: a switch resets the
// stores, drops the old project's events and refuses its late answers.
let core: SlateCore
let server: RunningServer
let a: ReturnType<typeof tempProject>
let b: ReturnType<typeof tempProject>
let client: SlateClient
let releaseGate: () => void = () => undefined
const gate = new Promise<void>((resolve) => (releaseGate = resolve))
const dirs: string[] = []
const g = globalThis as { WebSocket?: unknown }
const savedWebSocket = g.WebSocket
const token = 'a-fixed-token-for-the-scope-test-0123456789'

beforeAll(async () => {
  a = tempProject({ 'Assets/a.txt': 'alpha\n' })
  b = tempProject({ 'Assets/b.txt': 'beta\n' })
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-data-'))
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-renderer-'))
  dirs.push(dataDir, rendererDir)
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>')
  core = new SlateCore({ runtime: 'serve', dataDir })
  await core.init()
  await core.openProject(a.root)
  server = await startServer({ core, rendererDir, host: '127.0.0.1', port: 0, token })
  const origin = `http://127.0.0.1:${server.port}`
  g.WebSocket = class extends WS {
    constructor(url: string) {
      super(url, { headers: { Origin: origin } })
    }
  }
  const inner = createWebSocketClient(`ws://127.0.0.1:${server.port}/api?token=${token}`)
  // files.list waits for the test's go, so it can be answered after a switch.
  client = scopeToProject({ ...inner, call: (name, args, options) => (name === 'files.list' ? gate.then(() => inner.call(name, args, options)) : inner.call(name, args, options)) })
  // Answers come in order: once this one is back, the scope has learnt the open project.
  await client.call('project.current', {})
})
afterAll(async () => {
  g.WebSocket = savedWebSocket
  await server.close()
  await core.dispose()
  a.remove()
  b.remove()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const health = (detail: string) => ({ mode: 'embedded', database: { state: 'ok', detail }, cache: { state: 'ok', detail }, bus: { state: 'ok', detail }, docker: { state: 'ok', detail }, pendingSync: 0, checkedAt: '' }) as unknown as HealthReport

describe('project scope', () => {
  it('resets stores on a switch, drops the old project’s events and refuses its late answers', async () => {
    expect(currentProjectRoot()).toBe(a.root)
    const resets: string[] = []
    onProjectSwitch(() => resets.push(String(currentProjectRoot())))
    const got: string[] = []
    client.on('health.changed', (h) => got.push(h.database.detail))
    const late = client.call('files.list', {}).then(
      () => 'answered',
      (err: { code?: string }) => err.code,
    )
    await client.call('app.info', {}) // the subscription has reached the server
    core.events.emit('health.changed', health('a, before'))

    await core.openProject(b.root)
    await client.call('app.info', {}) // project.changed has reached the client
    expect(resets).toEqual([b.root])
    core.events.emit('health.changed', health('a, after the switch'), a.root)
    core.events.emit('health.changed', health('b'))
    await client.call('app.info', {})
    expect(got).toEqual(['a, before', 'b'])

    // Made for A, answered once B is open: refused, and no view of B gets A's files.
    releaseGate()
    expect(await late).toBe('conflict')
    expect(await client.call('files.list', {})).toMatchObject({ files: expect.arrayContaining(['Assets/b.txt']) })
  })
})
