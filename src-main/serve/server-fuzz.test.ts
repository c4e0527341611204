import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, Inbox, startTestServer, tempProject, type TestServer } from './testing/harness'
import { frame, rawUpgrade, upgradeHeaders } from './testing/raw-socket'

// Random frames, headers and messages thrown at a running server; after each batch a good call
// must still be answered. Bounded runs, loopback only.
let t: TestServer
let project: ReturnType<typeof tempProject>
beforeAll(async () => {
  project = tempProject({ 'Assets/a.txt': 'alpha\n', 'Assets/Sub/b.cs': 'class B {}\n' })
  t = await startTestServer(project.root)
})
afterAll(async () => {
  await t.close()
  project.remove()
})

async function answersAGoodCall(): Promise<void> {
  const c = new Inbox(await connect(t))
  expect(await c.call(1, 'project.current')).toMatchObject({ ok: true, result: { folderName: expect.any(String) } })
  c.ws.close()
}

/** Header text as a hostile client may send it (no CR/LF/NUL, which would make it another request). */
const headerText = fc.string({ maxLength: 80, unit: 'binary' }).map((s) => s.replace(/[\r\n\0]/g, ''))
const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1')

/** Send bytes, half-close, and wait until the server has closed the socket too (or answered and closed). */
function sendAndWaitClose(socket: import('node:net').Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    socket.on('error', () => undefined)
    socket.once('close', () => resolve())
    socket.resume()
    socket.end(bytes)
  })
}

describe('slate serve under fuzzing', () => {
  it('random request targets, Origin and Host headers never take it down', async () => {
    const p = t.server.port
    const good = upgradeHeaders(p)
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(headerText, fc.constantFrom('//[', '/api', `/api?token=${t.server.token}`, 'http://[::1/api', '*', '/api?token=%', '/%ff%fe')),
        fc.oneof(headerText, fc.constantFrom('null', 'http://[::1', good.Origin, 'file://', 'http://localhost')),
        fc.oneof(headerText, fc.constantFrom(good.Host, '[::1', `localhost:${p}`, '')),
        fc.boolean(),
        async (target, origin, host, withToken) => {
          const path = (withToken && !target.includes('token') ? `/api?token=${t.server.token}&x=${target}` : target).replace(/\s/g, '') || '/'
          const r = await rawUpgrade(p, latin1(path), { ...upgradeHeaders(p), Origin: latin1(origin), Host: latin1(host) })
          // Only a request that is exactly right may be upgraded.
          if (r.status === 101) expect([origin.toLowerCase(), host.toLowerCase()]).toEqual([good.Origin, good.Host])
          r.socket.destroy()
        },
      ),
      { numRuns: 150 },
    )
    await answersAGoodCall()
  })

  it('random frames after a good upgrade never take it down', async () => {
    const p = t.server.port
    const frameArb = fc.record({
      opcode: fc.integer({ min: 0, max: 15 }),
      payload: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v) ?? 'null'))),
      fin: fc.boolean(),
      mask: fc.boolean(),
      rsv: fc.integer({ min: 0, max: 7 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 6 }), fc.uint8Array({ maxLength: 64 }), async (frames, junk) => {
        const r = await rawUpgrade(p, `/api?token=${t.server.token}`, upgradeHeaders(p))
        expect(r.status).toBe(101)
        const bytes = Buffer.concat([...frames.map((f) => frame(f.opcode, Buffer.from(f.payload), f)), Buffer.from(junk)])
        await sendAndWaitClose(r.socket, bytes)
      }),
      { numRuns: 150 },
    )
    await answersAGoodCall()
  })

  it('random messages (calls, cancels, subscriptions) always get answers or nothing, never a crash', async () => {
    const c = new Inbox(await connect(t))
    const method = fc.constantFrom('app.info', 'fs.read', 'fs.list', 'files.open', 'files.find', 'assets.search', 'console.query', 'unity.assets.search', 'nope', '__proto__', 'constructor', '')
    const message = fc.oneof(
      fc.record({ id: fc.oneof(fc.integer(), fc.double(), fc.string()), method, args: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({ cancel: fc.jsonValue() }),
      fc.record({ id: fc.integer(), subscribe: fc.oneof(fc.string(), fc.constantFrom('build.log', 'console.appended', 'toString')), key: fc.jsonValue() }, { requiredKeys: ['id'] }),
      fc.record({ id: fc.integer(), unsubscribe: fc.string(), key: fc.jsonValue() }),
      fc.jsonValue(),
    )
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        c.send(JSON.stringify(m) ?? 'null')
      }),
      { numRuns: 300 },
    )
    // Everything before it was handled (or is still running) on this same connection, which still answers.
    expect(await c.call(999_999_999, 'app.info')).toMatchObject({ ok: true })
    c.ws.close()
    await answersAGoodCall()
  })
})
