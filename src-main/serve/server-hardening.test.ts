import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, Inbox, startTestServer, tempProject, type TestServer } from './testing/harness'
import { closeCode, frame, rawUpgrade, readFrames, textFrame, upgradeHeaders } from './testing/raw-socket'
import { DEFAULT_LIMITS, LARGEST_CALL_UNITS } from './limits'
import { calls } from '../../src-shared/contract'

// Everything here is what a hostile local process or web page can send before or after the
// token check. Each of these took the process down (or buffered without bound) before.
let t: TestServer
let project: ReturnType<typeof tempProject>
beforeAll(async () => {
  project = tempProject({ 'Assets/readme.txt': 'hello\n' })
  t = await startTestServer(project.root)
})
afterAll(async () => {
  await t.close()
  project.remove()
})

/** The server is alive and answering: a good client's call gets its answer. */
async function answersAGoodCall(s: TestServer = t): Promise<void> {
  const c = new Inbox(await connect(s))
  expect(await c.call(1, 'app.info')).toMatchObject({ ok: true, result: { name: 'SLATE' } })
  c.ws.close()
}

describe('slate serve: hostile headers before authentication', () => {
  it('refuses broken Origin, Host and request targets without throwing', async () => {
    const p = t.server.port
    const tok = t.server.token
    const cases: [string, Record<string, string>, number[]][] = [
      [`/api?token=${tok}`, { Origin: 'null' }, [401]],
      [`/api?token=${tok}`, { Origin: 'http://[::1' }, [401]],
      [`/api?token=${tok}`, { Origin: '' }, [401]],
      [`/api?token=${tok}`, { Origin: `http://127.0.0.1:${p}.evil.example` }, [401]],
      [`/api?token=${tok}`, { Origin: `http://127.0.0.1:${p + 1}` }, [401]],
      [`/api?token=${tok}`, { Origin: `https://127.0.0.1:${p}` }, [401]],
      [`//[?token=${tok}`, {}, [404]],
      [`//[`, {}, [404]],
      [`/api?token=${tok}&%zz=%%`, {}, [101]], // a bad escape elsewhere in the query is just ignored
      [`/api?token=%E0%A4%A`, {}, [401]],
      [`http://[::1/api?token=${tok}`, {}, [404]],
      [`/api?token=${tok}`, { Host: `evil.example:${p}`, Origin: `http://evil.example:${p}` }, [421]], // DNS rebinding
      [`/api?token=${tok}`, { Host: `127.0.0.1:${p}; script-src *`, Origin: `http://127.0.0.1:${p}` }, [421]],
      [`/api?token=${tok}`, { Host: '[::1' }, [421]],
    ]
    for (const [target, extra, expected] of cases) {
      const headers = upgradeHeaders(p, extra)
      if (extra.Origin === '') delete headers.Origin // no Origin at all: not a browser, refused
      const r = await rawUpgrade(p, target, headers)
      expect({ target, extra, ok: expected.includes(r.status), status: r.status }).toMatchObject({ target, extra, ok: true })
      r.socket.destroy()
    }
    await answersAGoodCall()
  })

  it('answers HTTP with a bad Host 421 and never copies a Host into the CSP', async () => {
    const p = t.server.port
    const get = async (target: string, host: string) => {
      const r = await rawUpgrade(p, target, { Host: host, Connection: 'close' })
      r.socket.destroy()
      return r.status
    }
    expect(await get(`/?token=${t.server.token}`, `evil.example:${p}`)).toBe(421)
    expect(await get(`/?token=${t.server.token}`, `127.0.0.1:${p}'; connect-src *`)).toBe(421)
    expect(await get('//[', `127.0.0.1:${p}`)).toBe(404)
    expect(await get('/%', `127.0.0.1:${p}`)).toBe(404)
    const ok = await fetch(`${t.server.url}`)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${p}`)
    const viaLocalhost = await fetch(`http://localhost:${p}/?token=${t.server.token}`)
    expect(viaLocalhost.headers.get('content-security-policy')).toContain(`ws://localhost:${p}`)
  })

  it('keeps the token out of cookies: the page needs it, the public built files do not', async () => {
    const page = await fetch(t.server.url)
    expect(page.headers.get('set-cookie')).toBeNull()
    expect((await fetch(`http://127.0.0.1:${t.server.port}/`)).status).toBe(401)
    const asset = await fetch(`http://127.0.0.1:${t.server.port}/assets/app.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('set-cookie')).toBeNull()
    // A second server has its own token; neither one's token opens the other.
    const second = await startTestServer(null)
    try {
      expect((await fetch(`http://127.0.0.1:${second.server.port}/?token=${t.server.token}`)).status).toBe(401)
      expect((await fetch(second.server.url)).status).toBe(200)
      expect((await fetch(t.server.url)).status).toBe(200)
    } finally {
      await second.close()
    }
  })
})

describe('slate serve: protocol errors end one connection, not the server', () => {
  async function openRaw() {
    const r = await rawUpgrade(t.server.port, `/api?token=${t.server.token}`, upgradeHeaders(t.server.port))
    expect(r.status).toBe(101)
    return r
  }
  const closeOf = (r: Awaited<ReturnType<typeof openRaw>>) => readFrames(r.socket, r.rest, (fs) => fs.map(closeCode).find((c) => c !== null))

  it('invalid UTF-8 in a text frame → close 1007', async () => {
    const r = await openRaw()
    r.socket.write(textFrame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])))
    expect(await closeOf(r)).toBe(1007)
    await answersAGoodCall()
  })

  it('reserved opcodes, unmasked frames and RSV bits → close 1002', async () => {
    for (const bad of [frame(0x3, Buffer.from('x')), frame(0x1, Buffer.from('{}'), { mask: false }), frame(0x1, Buffer.from('{}'), { rsv: 4 })]) {
      const r = await openRaw()
      r.socket.write(bad)
      expect(await closeOf(r)).toBe(1002)
    }
    await answersAGoodCall()
  })

  it('a binary frame or a non-object message gets a clear error and the connection stays', async () => {
    const c = new Inbox(await connect(t))
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true })
    expect(await c.reply(null)).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: /Binary frames/ } })
    c.send('[1,2]')
    expect(await c.reply(null)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    c.send('null')
    expect(await c.reply(null)).toMatchObject({ ok: false })
    c.send({ id: 1.5, method: 'app.info' })
    expect(await c.reply(null)).toMatchObject({ ok: false })
    expect(await c.call(2, 'app.info')).toMatchObject({ ok: true })
    c.ws.close()
  })
})

describe('slate serve: message sizes match the contract', () => {
  it('takes a message as large as the largest call of the contract', () => {
    expect(LARGEST_CALL_UNITS).toBe(calls['files.save'].args.shape.content.maxLength)
    // 3 UTF-8 bytes per UTF-16 unit is the most any non-control text takes in JSON.
    expect(DEFAULT_LIMITS.maxMessageBytes).toBeGreaterThan(3 * LARGEST_CALL_UNITS)
  })

  it('saves a 20 MB file (over the old 16 MiB frame limit) and reads it back', async () => {
    const c = new Inbox(await connect(t))
    const content = 'x'.repeat(20 * 1024 * 1024 - 1) + '\n'
    const saved = await c.call(1, 'files.save', { path: 'Assets/big.txt', content, baseHash: null })
    expect(saved).toMatchObject({ ok: true })
    const read = await c.call(2, 'files.open', { path: 'Assets/big.txt' })
    expect((read.result as { content: string }).content.length).toBe(content.length)
    c.ws.close()
  })

  it('refuses a message over the limit with close 1009 and keeps serving', async () => {
    const small = await startTestServer(null, { limits: { maxMessageBytes: 64 * 1024 } })
    try {
      const ws = await connect(small)
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
      ws.on('error', () => undefined)
      ws.send(JSON.stringify({ id: 1, method: 'app.info', args: { pad: 'x'.repeat(100 * 1024) } }))
      expect(await closed).toBe(1009)
      await answersAGoodCall(small)
    } finally {
      await small.close()
    }
  })
})

describe('slate serve: a client that never reads', () => {
  it('is paused, then dropped with its memory released, and never delays another client', async () => {
    const limits = { pauseAboveBytes: 256 * 1024, dropAboveBytes: 1024 * 1024, maxCallsInFlight: 16 }
    const proj = tempProject({ 'Assets/big.txt': `${'y'.repeat(200 * 1024)}\n` })
    let dropped: (why: string) => void = () => undefined
    const droppedFor = new Promise<string>((resolve) => (dropped = resolve))
    const s = await startTestServer(proj.root, { limits, onConnectionClosed: (_stats, why) => why && dropped(why) })
    try {
      const r = await rawUpgrade(s.server.port, `/api?token=${s.server.token}`, upgradeHeaders(s.server.port))
      expect(r.status).toBe(101)
      r.socket.pause() // never reads again: the kernel's buffers fill, then the server's
      r.socket.on('error', () => undefined)
      const rssBefore = process.memoryUsage().rss
      // Each answer is ~200 KB: 2,000 of them would be 400 MB buffered for this one client.
      const burst = Array.from({ length: 2000 }, (_, i) => textFrame(JSON.stringify({ id: i + 1, method: 'files.open', args: { path: 'Assets/big.txt' } })))
      r.socket.write(Buffer.concat(burst))
      // Meanwhile another client is answered.
      await answersAGoodCall(s)
      const why = await droppedFor
      expect(why).toMatch(/not reading/)
      // Unbounded, the 2,000 answers would have been ~400 MB in this process.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024)
      const after = s.server.stats()
      expect(after.connections).toBe(0)
      expect(after.queuedOutputBytes).toBe(0)
      expect(after.callsInFlight).toBe(0)
      await answersAGoodCall(s)
      r.socket.destroy()
    } finally {
      await s.close()
      proj.remove()
    }
  })

  it('never holds more than the drop limit plus one message for it', async () => {
    const limits = { pauseAboveBytes: 128 * 1024, dropAboveBytes: 512 * 1024 }
    const proj = tempProject({ 'Assets/big.txt': `${'z'.repeat(100 * 1024)}\n` })
    let peak = -1
    let closed: () => void = () => undefined
    const done = new Promise<void>((resolve) => (closed = resolve))
    const s = await startTestServer(proj.root, {
      limits,
      onConnectionClosed: (stats) => {
        peak = stats.peakOutputBytes
        closed()
      },
    })
    try {
      const ws = await connect(s)
      const raw = (ws as unknown as { _socket: import('node:net').Socket })._socket
      raw.pause()
      for (let i = 1; i <= 1000; i++) ws.send(JSON.stringify({ id: i, method: 'files.open', args: { path: 'Assets/big.txt' } }))
      await done
      expect(peak).toBeGreaterThan(limits.pauseAboveBytes)
      expect(peak).toBeLessThanOrEqual(limits.dropAboveBytes + 110 * 1024)
      ws.terminate()
    } finally {
      await s.close()
      proj.remove()
    }
  })
})

describe('slate serve: a client that stops reading but stays under the drop limit', () => {
  it('is dropped once it has taken nothing for the stall time', async () => {
    // Paused above 64 KiB, never over the 64 MiB drop limit: only the stall timer can end it.
    const limits = { pauseAboveBytes: 64 * 1024, dropAboveBytes: 64 * 1024 * 1024, stalledForMs: 300 }
    const proj = tempProject({ 'Assets/big.txt': `${'s'.repeat(100 * 1024)}\n` })
    let dropped: (why: string) => void = () => undefined
    const droppedFor = new Promise<string>((resolve) => (dropped = resolve))
    const s = await startTestServer(proj.root, { limits, onConnectionClosed: (_stats, why) => why && dropped(why) })
    try {
      const r = await rawUpgrade(s.server.port, `/api?token=${s.server.token}`, upgradeHeaders(s.server.port))
      r.socket.pause()
      r.socket.on('error', () => undefined)
      r.socket.write(Buffer.concat(Array.from({ length: 200 }, (_, i) => textFrame(JSON.stringify({ id: i + 1, method: 'files.open', args: { path: 'Assets/big.txt' } })))))
      expect(await droppedFor).toMatch(/took no output for 300 ms/)
      expect(s.server.stats()).toMatchObject({ connections: 0, queuedOutputBytes: 0 })
      await answersAGoodCall(s)
      r.socket.destroy()
    } finally {
      await s.close()
      proj.remove()
    }
  })
})

describe('slate serve: connections', () => {
  it('refuses connections over the limit with 503 and takes new ones when one leaves', async () => {
    let closed: () => void = () => undefined
    const s = await startTestServer(null, { limits: { maxConnections: 2 }, onConnectionClosed: () => closed() })
    try {
      const a = await connect(s)
      await connect(s)
      await expect(connect(s)).rejects.toThrow('HTTP 503')
      const serverSawIt = new Promise<void>((resolve) => (closed = resolve))
      a.close()
      await serverSawIt
      await answersAGoodCall(s)
    } finally {
      await s.close()
    }
  })
})

describe('slate serve: calls in flight', () => {
  it('runs at most the limit at once and queues the rest on the socket: all are answered', async () => {
    const s = await startTestServer(project.root, { limits: { maxCallsInFlight: 4 } })
    try {
      const c = new Inbox(await connect(s))
      const ids = Array.from({ length: 300 }, (_, i) => i + 1)
      for (const id of ids) c.send({ id, method: 'files.open', args: { path: 'Assets/readme.txt' } })
      const replies = await Promise.all(ids.map((id) => c.reply(id)))
      expect(replies.every((r) => r.ok)).toBe(true)
      expect(s.server.stats().callsInFlight).toBe(0)
      // A duplicate id while the first is running is refused, not mixed up.
      c.send({ id: 7, method: 'files.find', args: { query: 'hello' } })
      c.send({ id: 7, method: 'app.info', args: {} })
      const both = [await c.reply(7), await c.reply(7)]
      expect(both.filter((r) => !r.ok && r.error?.message.includes('already running'))).toHaveLength(1)
      c.ws.close()
    } finally {
      await s.close()
    }
  })
})
