import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WS from 'ws'
import { createWebSocketClient } from '../../src-renderer/transport/websocket-client'
import { SlateCore } from '../../src-main/host/slate-core'
import { startServer, type RunningServer } from '../../src-main/serve/server'
import { tempProject } from '../../src-main/serve/testing/harness'
import type { ConsoleAppended } from '../../src-shared/types-ui'

// The renderer's WebSocket transport against a real server, with `ws` standing in for the
// browser's WebSocket (same onopen/onmessage/onclose API; a browser sends Origin by itself).
let core: SlateCore
let server: RunningServer
let project: ReturnType<typeof tempProject>
const dirs: string[] = []
const g = globalThis as { WebSocket?: unknown }
const savedWebSocket = g.WebSocket
const token = 'a-fixed-token-for-this-test-0123456789'

async function serve(port: number): Promise<RunningServer> {
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-renderer-'))
  dirs.push(rendererDir)
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>')
  return startServer({ core, rendererDir, host: '127.0.0.1', port, token })
}

beforeAll(async () => {
  project = tempProject({ 'Assets/a.txt': 'alpha\n' })
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-data-'))
  dirs.push(dataDir)
  core = new SlateCore({ runtime: 'serve', lockedProject: true, dataDir })
  await core.init()
  await core.openProject(project.root)
  server = await serve(0)
  const origin = `http://127.0.0.1:${server.port}`
  g.WebSocket = class extends WS {
    constructor(url: string) {
      super(url, { headers: { Origin: origin } })
    }
  }
})
afterAll(async () => {
  g.WebSocket = savedWebSocket
  await server.close()
  await core.dispose()
  project.remove()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const appended = (sourceId: string, entries: number): ConsoleAppended => ({ sourceId, entries, lines: entries, live: false, problem: null })

describe('renderer WebSocket client', () => {
  it('subscribes on the first listener, unsubscribes on the last, re-subscribes after the server restarts, and cancels', async () => {
    let opened: () => void = () => undefined
    let opens = 0
    const client = createWebSocketClient(`ws://127.0.0.1:${server.port}/api?token=${token}`, (s) => {
      if (s !== 'open') return
      opens++
      opened()
    })
    await client.call('app.info', {})
    const got: number[] = []
    let next: () => void = () => undefined
    const arrived = () => new Promise<void>((resolve) => (next = resolve))
    const off = client.on(
      'console.appended',
      (p) => {
        got.push(p.entries)
        next()
      },
      'S',
    )
    // The subscription reached the server before this call's answer (one ordered socket).
    await client.call('app.info', {})
    let wait = arrived()
    core.events.emit('console.appended', appended('other', 1))
    core.events.emit('console.appended', appended('S', 7))
    await wait
    expect(got).toEqual([7])

    // The server restarts on the same port: the client reconnects and subscribes again.
    const reopened = new Promise<void>((resolve) => (opened = resolve))
    const port = server.port
    await server.close()
    server = await serve(port)
    await reopened
    await client.call('app.info', {})
    wait = arrived()
    core.events.emit('console.appended', appended('S', 8))
    await wait
    expect(got).toEqual([7, 8])

    off()
    await client.call('app.info', {})
    core.events.emit('console.appended', appended('S', 9))
    await client.call('app.info', {})
    expect(got).toEqual([7, 8])

    const controller = new AbortController()
    const search = client.call('files.find', { query: '.', regex: true }, { signal: controller.signal })
    controller.abort()
    await expect(search).rejects.toMatchObject({ code: 'cancelled' })
    await expect(client.call('app.info', {}, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' })
    expect(opens).toBe(2)
  })
})
