import { randomUUID } from 'node:crypto'
import { connect } from '@nats-io/transport-node'
import type { NatsConnection } from '@nats-io/nats-core'
import { deleteStreams } from '../../src-main/bus/jetstream'
import { NatsBus } from '../../src-main/bus/nats-bus'
import { createSubjects, type Subjects } from '../../src-main/bus/subjects'
import { dockerTimeToIso, lineId, type LogLineMessage } from '../../src-main/runtime/log-lines'
import { migrate } from '../../src-main/store/migrations'
import { projects, runtimeSessions } from '../../src-main/store/tables'
import { createTestDatabase, type TestDatabase } from '../../src-main/store/testing/test-database'

export const NATS_URL = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

/**
 * What a log fault test needs of its own: a database, a subject root (so its JetStream streams
 * are its own: <ROOT>_LOGS), a NATS connection and publisher, and sessions to log for.
 */
export interface LogFixture {
  t: TestDatabase
  S: Subjects
  nc: NatsConnection
  bus: NatsBus
  sessions: string[]
  close(): Promise<void>
}

export async function openLogFixture(sessionCount: number): Promise<LogFixture> {
  const t = await createTestDatabase('slate_test_logfault')
  await migrate(t.db)
  const p = await projects.create(t.db, { name: 'faults', ownerId: 'test' })
  const sessions: string[] = []
  for (let i = 0; i < sessionCount; i++) sessions.push((await runtimeSessions.create(t.db, { projectId: p.id, userId: 'test', runtimeType: 'unity' })).id)
  const S = createSubjects(`t${randomUUID().slice(0, 8)}`)
  const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') })
  const bus = await NatsBus.connect({ url: NATS_URL, name: 'slate-log-fault-publisher' })
  return {
    t,
    S,
    nc,
    bus,
    sessions,
    async close() {
      await deleteStreams(nc, S).catch(() => undefined)
      await bus.close().catch(() => undefined)
      await nc.close().catch(() => undefined)
      await t.drop()
    },
  }
}

/**
 * Line k of a session as the orchestrator makes it: Docker-style timestamp (one microsecond
 * apart) and the deterministic id, so the stored order by (timestamp, id) is the published order.
 */
export function makeLine(sessionId: string, k: number, level: LogLineMessage['level'] = 'info'): LogLineMessage {
  const base = Date.UTC(2026, 0, 1)
  const us = k % 1000
  const ms = base + Math.floor(k / 1000)
  const ts = `${new Date(ms).toISOString().slice(0, 23)}${String(us).padStart(3, '0')}000Z`
  const t = dockerTimeToIso(ts)
  return { id: lineId(sessionId, 'fault-test', ts, 0, t.ms, t.micro), sessionId, level, message: `line ${k}`, timestamp: t.iso, metadata: { stream: 'stdout' } }
}

/** Publish lines k..k+count-1 of every session, `perMessage` lines to a LogBatchMessage, interleaved. */
export function publishLines(f: LogFixture, from: number, count: number, perMessage: number): void {
  for (let k = from; k < from + count; k += perMessage) {
    for (const sid of f.sessions) {
      const lines = Array.from({ length: Math.min(perMessage, from + count - k) }, (_, j) => makeLine(sid, k + j))
      f.bus.publish(f.S.runtimeLog(sid), { lines })
    }
  }
}

export async function storedCount(f: LogFixture): Promise<number> {
  return Number((await f.t.db.query<{ n: string }>('SELECT count(*) AS n FROM slate_runtime_logs')).rows[0].n)
}

/** Per session: how many rows, how many distinct lines, and whether (timestamp, id) order is line order. */
export async function checkStored(f: LogFixture, expectPerSession: number): Promise<{ sessionId: string; rows: number; distinct: number; inOrder: boolean }[]> {
  const out = []
  for (const sid of f.sessions) {
    const r = await f.t.db.query<{ message: string }>('SELECT message FROM slate_runtime_logs WHERE session_id = $1 ORDER BY "timestamp", id', [sid])
    const msgs = r.rows.map((x) => x.message)
    const inOrder = msgs.length === expectPerSession && msgs.every((m, i) => m === `line ${i}`)
    out.push({ sessionId: sid, rows: msgs.length, distinct: new Set(msgs).size, inOrder })
  }
  return out
}
