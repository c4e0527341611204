import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { SlateCore } from '../../host/slate-core'
import { startServer, type RunningServer, type ServeOptions } from '../server'

export interface TestServer {
  core: SlateCore
  server: RunningServer
  origin: string
  close(): Promise<void>
}

/** A small Unity project of our own (writable, unlike the fixtures), removed by the returned function. */
export function tempProject(files: Record<string, string> = {}): { root: string; remove: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-serve-proj-'))
  fs.mkdirSync(path.join(root, 'Assets'))
  fs.mkdirSync(path.join(root, 'ProjectSettings'))
  fs.writeFileSync(path.join(root, 'ProjectSettings/ProjectVersion.txt'), 'm_EditorVersion: 2022.3.10f1\n')
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
    fs.writeFileSync(path.join(root, rel), text)
  }
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) }
}

/** A real core (serve runtime, own data dir) with a real server on a random loopback port. */
export async function startTestServer(project: string | null, options: Partial<ServeOptions> = {}): Promise<TestServer> {
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-renderer-'))
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SLATE</title>')
  fs.mkdirSync(path.join(rendererDir, 'assets'))
  fs.writeFileSync(path.join(rendererDir, 'assets/app.js'), 'console.log("the public built renderer")')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-data-'))
  const core = new SlateCore({ runtime: 'serve', lockedProject: true, dataDir })
  await core.init()
  if (project) await core.openProject(project)
  const server = await startServer({ core, rendererDir, host: '127.0.0.1', port: 0, ...options })
  return {
    core,
    server,
    origin: `http://127.0.0.1:${server.port}`,
    close: async () => {
      await server.close()
      await core.dispose()
      fs.rmSync(rendererDir, { recursive: true, force: true })
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A well-behaved client: the token, this server's Origin. Resolves on open, rejects with the HTTP status of a refusal. */
export function connect(t: TestServer, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.server.port}/api?token=${t.server.token}`, { headers: { Origin: t.origin, ...headers } })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

export type Reply = { id: number | null; ok: boolean; result?: unknown; error?: { code: string; message: string } }
export type WireEventMsg = { event: string; key: string; payload: unknown }

/** Collects every message of a socket; `reply(id)` and `nextEvent()` wait for the one wanted. */
export class Inbox {
  readonly replies = new Map<number | null, Reply[]>()
  readonly events: WireEventMsg[] = []
  private waiters: (() => void)[] = []
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString())
      if ('event' in msg) this.events.push(msg)
      else {
        const list = this.replies.get(msg.id) ?? []
        list.push(msg)
        this.replies.set(msg.id, list)
      }
      for (const w of this.waiters.splice(0)) w()
    })
    ws.on('close', () => {
      for (const w of this.waiters.splice(0)) w()
    })
  }
  private until<T>(pick: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = pick()
        if (v !== undefined) return resolve(v)
        if (this.ws.readyState === WebSocket.CLOSED) return reject(new Error('socket closed'))
        this.waiters.push(check)
      }
      check()
    })
  }
  reply(id: number | null): Promise<Reply> {
    return this.until(() => this.replies.get(id)?.shift())
  }
  eventCount(n: number): Promise<WireEventMsg[]> {
    return this.until(() => (this.events.length >= n ? this.events.slice(0, n) : undefined))
  }
  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg))
  }
  async call(id: number, method: string, args: unknown = {}): Promise<Reply> {
    this.send({ id, method, args })
    return this.reply(id)
  }
}
