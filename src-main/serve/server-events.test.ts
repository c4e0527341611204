import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unityFixture } from '../testing/fixtures'
import { connect, Inbox, startTestServer, type TestServer } from './testing/harness'
import type { ConsoleAppended } from '../../src-shared/types-ui'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer(unityFixture('BoatAttack'))
})
afterAll(() => t.close())

const health = { database: { state: 'ok' }, cache: { state: 'ok' }, bus: { state: 'ok' } } as never
const finished = (id: string) => ({ id, status: 'succeeded', target: 'StandaloneLinux64' }) as never

describe('slate serve: events by subscription', () => {
  it('a client gets nothing it did not subscribe to, and only the key it asked for', async () => {
    const a = new Inbox(await connect(t))
    const b = new Inbox(await connect(t))
    const none = new Inbox(await connect(t))
    a.send({ id: 1, subscribe: 'build.finished', key: 'job-2' })
    b.send({ id: 1, subscribe: 'health.changed' })
    expect(await a.reply(1)).toMatchObject({ ok: true })
    expect(await b.reply(1)).toMatchObject({ ok: true })
    t.core.events.emit('health.changed', health)
    t.core.events.emit('build.finished', finished('job-1'))
    t.core.events.emit('build.finished', finished('job-2'))
    expect((await a.eventCount(1))[0]).toMatchObject({ event: 'build.finished', key: 'job-2' })
    expect((await b.eventCount(1))[0]).toMatchObject({ event: 'health.changed' })
    // A round trip after the emits: anything else sent before it would have arrived by now (one ordered socket).
    for (const c of [a, b, none]) expect(await c.call(9, 'app.info')).toMatchObject({ ok: true })
    expect(a.events).toHaveLength(1)
    expect(b.events).toHaveLength(1)
    expect(none.events).toHaveLength(0)

    a.send({ id: 2, unsubscribe: 'build.finished', key: 'job-2' })
    await a.reply(2)
    t.core.events.emit('build.finished', finished('job-2'))
    expect(await a.call(10, 'app.info')).toMatchObject({ ok: true })
    expect(a.events).toHaveLength(1)
    for (const c of [a, b, none]) c.ws.close()
  })

  it('refuses to subscribe to an unknown event', async () => {
    const c = new Inbox(await connect(t))
    c.send({ id: 1, subscribe: 'files.secret' })
    expect(await c.reply(1)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    c.ws.close()
  })

  it('a coalesced event reaches the client as the first and the latest value of a burst', async () => {
    const c = new Inbox(await connect(t))
    c.send({ id: 1, subscribe: 'console.appended' })
    await c.reply(1)
    for (let i = 1; i <= 500; i++) t.core.events.emit('console.appended', { sourceId: 'S', entries: i, lines: i, live: true, problem: null })
    const got = await c.eventCount(2) // the second one is the trailing flush, one interval later
    expect(got.map((e) => (e.payload as ConsoleAppended).entries)).toEqual([1, 500])
    expect(await c.call(2, 'app.info')).toMatchObject({ ok: true })
    expect(c.events).toHaveLength(2)
    c.ws.close()
  })

  it('a cancelled call answers `cancelled` and leaves nothing running', async () => {
    const c = new Inbox(await connect(t))
    // Both frames go out together: the search (ripgrep over the project) cannot finish in between.
    c.send({ id: 1, method: 'files.find', args: { query: '.', regex: true, maxResults: 20000 } })
    c.send({ cancel: 1 })
    expect(await c.reply(1)).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(await c.call(2, 'app.info')).toMatchObject({ ok: true })
    expect(t.server.stats().callsInFlight).toBe(0)
    // Cancelling an unknown or finished call is harmless.
    c.send({ cancel: 1 })
    c.send({ cancel: 'x' })
    expect(await c.call(3, 'app.info')).toMatchObject({ ok: true })
    c.ws.close()
  })
})
