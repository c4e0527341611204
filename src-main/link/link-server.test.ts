import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { LinkServer } from './link-server'

const servers: LinkServer[] = []
const sockets: WebSocket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate()
  for (const s of servers.splice(0)) await s.close()
})

async function server(opts: ConstructorParameters<typeof LinkServer>[0] = {}): Promise<LinkServer> {
  const s = new LinkServer(opts)
  servers.push(s)
  await s.start()
  return s
}

/** A raw client that collects what the core sends. */
function client(url: string): Promise<{ ws: WebSocket; inbox: unknown[]; next: (pred: (m: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(url)
  sockets.push(ws)
  const inbox: Record<string, unknown>[] = []
  const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = []
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as Record<string, unknown>
    inbox.push(m)
    for (const w of [...waiters]) {
      if (!w.pred(m)) continue
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve(m)
    }
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })))
  const next = (pred: (m: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const found = inbox.find(pred)
      if (found) resolve(found)
      else waiters.push({ pred, resolve })
    })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, inbox, next, closed }))
    ws.once('error', reject)
  })
}

const hello = (token: string, resume: string | null = null) =>
  JSON.stringify({ t: 'hello', token, protocol: 1, resume, process: { kind: 'editor', unityVersion: '2022.3.10f1', platform: 'LinuxEditor', device: 'test', pid: 1 } })

describe('LinkServer', () => {
  it('welcomes a good hello and tracks the process', async () => {
    const s = await server()
    const connected = new Promise((r) => s.once('connected', r))
    const c = await client(s.url)
    c.ws.send(hello(s.token))
    const welcome = await c.next((m) => m.t === 'welcome')
    expect(welcome.protocol).toBe(1)
    await connected
    expect(s.list()).toHaveLength(1)
    expect(s.get(String(welcome.sessionId))?.info.unityVersion).toBe('2022.3.10f1')
  })

  it('closes a wrong token with 4401 "bad token" and keeps no session', async () => {
    const s = await server()
    const c = await client(s.url)
    c.ws.send(hello('not-the-token'))
    expect(await c.closed).toEqual({ code: 4401, reason: 'bad token' })
    expect(s.list()).toHaveLength(0)
  })

  it('closes a socket that never says hello', async () => {
    const s = await server({ helloTimeoutMs: 100 })
    const c = await client(s.url)
    expect((await c.closed).code).toBe(4408)
  })

  it('counts garbage and keeps serving', async () => {
    const s = await server()
    const c = await client(s.url)
    c.ws.send('not json')
    c.ws.send(hello(s.token))
    const { sessionId } = await c.next((m) => m.t === 'welcome')
    for (const junk of ['{', '[]', '{"t":"nope"}', '{"t":"frames","frames":"x"}', '{"t":"state","playMode":"flying"}', '42', 'null']) c.ws.send(junk)
    c.ws.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true })
    c.ws.send('{"t":"ping"}')
    await c.next((m) => m.t === 'pong')
    const p = s.get(String(sessionId))!
    expect(p.badMessages).toBe(8)
    expect(s.badBeforeHello).toBe(1)
    expect(p.connected).toBe(true)
  })

  it('converts ns frame-time counters to ms and stores frames', async () => {
    const s = await server()
    const c = await client(s.url)
    c.ws.send(hello(s.token))
    const { sessionId } = await c.next((m) => m.t === 'welcome')
    const got = new Promise((r) => s.once('frames', r))
    c.ws.send(JSON.stringify({ t: 'counters', counters: [{ id: 0, name: 'CPU Main Thread Frame Time', unit: 'ns' }, { id: 1, name: 'Batches Count', unit: 'count' }] }))
    c.ws.send(JSON.stringify({ t: 'frames', frames: [{ i: 10, v: [16_500_000, 120] }, { i: 11, v: [null, 130] }] }))
    await got
    const cols = s.get(String(sessionId))!.frames.columns([0, 1])
    expect(cols.index).toEqual([10, 11])
    expect(cols.series[0][0]).toBeCloseTo(16.5, 3)
    expect(cols.series[0][1]).toBeNull()
    expect(cols.series[1]).toEqual([120, 130])
  })

  it('resumes the same session after a reconnect', async () => {
    const s = await server()
    const a = await client(s.url)
    a.ws.send(hello(s.token))
    const { sessionId } = await a.next((m) => m.t === 'welcome')
    const gone = new Promise((r) => s.once('disconnected', r))
    a.ws.close()
    await gone
    expect(s.get(String(sessionId))!.connected).toBe(false)
    const b = await client(s.url)
    b.ws.send(hello(s.token, String(sessionId)))
    const again = await b.next((m) => m.t === 'welcome')
    expect(again.sessionId).toBe(sessionId)
    expect(s.list()).toHaveLength(1)
    expect(s.get(String(sessionId))!.reconnects).toBe(1)
  })

  it('sends a command and resolves with the reply; no reply → timeout; gone → not connected', async () => {
    const s = await server()
    const c = await client(s.url)
    c.ws.send(hello(s.token))
    const { sessionId } = await c.next((m) => m.t === 'welcome')
    c.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { t: string; id: number; name: string }
      if (m.t === 'cmd' && m.name === 'play.enter') c.ws.send(JSON.stringify({ t: 'reply', id: m.id, ok: true, result: { playMode: 'playing' } }))
      if (m.t === 'cmd' && m.name === 'play.pause') c.ws.send(JSON.stringify({ t: 'reply', id: m.id, ok: false, error: 'Not in play mode' }))
    })
    expect(await s.command(String(sessionId), 'play.enter')).toEqual({ ok: true, result: { playMode: 'playing' }, error: undefined })
    expect(await s.command(String(sessionId), 'play.pause')).toMatchObject({ ok: false, error: 'Not in play mode' })
    const slow = await s.command(String(sessionId), 'assets.refresh', {}, 50)
    expect(slow.ok).toBe(false)
    expect(slow.error).toMatch(/did not answer/)
    const waiting = s.command(String(sessionId), 'scripts.compile', {}, 10_000)
    c.ws.close()
    expect((await waiting).error).toMatch(/disconnected/)
    expect((await s.command(String(sessionId), 'play.enter')).error).toMatch(/not connected/)
  })
})
