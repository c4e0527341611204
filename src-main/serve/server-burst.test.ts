import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDataServices } from '../host/start-data-services'
import { connect, Inbox, startTestServer, tempProject, type TestServer } from './testing/harness'

// 5,000 calls at once that all need the database (pool of 8–10 connections). They used to wait
// in pg's pool queue against its 5 s connect timeout and end as `internal` "timeout exceeded
// when trying to connect" (in team mode taken for the server being down). Now they queue in
// order and are all answered; only a queue over its bound is refused, as `busy`.
let t: TestServer
let project: ReturnType<typeof tempProject>
const saved = { db: process.env.SLATE_DATABASE_URL, redis: process.env.SLATE_REDIS_URL, nats: process.env.SLATE_NATS_URL }
beforeAll(async () => {
  delete process.env.SLATE_DATABASE_URL
  delete process.env.SLATE_REDIS_URL
  delete process.env.SLATE_NATS_URL
  project = tempProject()
  t = await startTestServer(project.root)
  await startDataServices(t.core)
})
afterAll(async () => {
  await t?.close()
  project?.remove()
  for (const [k, v] of Object.entries({ SLATE_DATABASE_URL: saved.db, SLATE_REDIS_URL: saved.redis, SLATE_NATS_URL: saved.nats })) if (v !== undefined) process.env[k] = v
})

describe('slate serve: a burst of database calls', () => {
  it('answers 5,000 concurrent calls, none as an internal timeout', async () => {
    const clients = await Promise.all(Array.from({ length: 10 }, async () => new Inbox(await connect(t))))
    const replies = await Promise.all(
      clients.flatMap((c) =>
        Array.from({ length: 500 }, (_, i) => {
          c.send({ id: i + 1, method: 'builds.history.list', args: { limit: 5 } })
          return c.reply(i + 1)
        }),
      ),
    )
    const byCode = new Map<string, number>()
    for (const r of replies) byCode.set(r.ok ? 'ok' : r.error!.code, (byCode.get(r.ok ? 'ok' : r.error!.code) ?? 0) + 1)
    expect(Object.fromEntries(byCode)).toEqual({ ok: 5000 })
    for (const c of clients) c.ws.close()
  })
})
