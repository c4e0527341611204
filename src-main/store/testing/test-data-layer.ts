import { randomUUID } from 'node:crypto'
import { NatsBus } from '../../bus/nats-bus'
import { createSubjects, type Subjects } from '../../bus/subjects'
import { MemoryCache } from '../../cache/memory-cache'
import type { DataServices } from '../data-services'
import { DataStore } from '../data-store'
import { migrate } from '../migrations'
import { createTestDatabase, type TestDatabase } from './test-database'

export const TEST_NATS_URL = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

export interface TestDataLayer {
  t: TestDatabase
  bus: NatsBus
  subjects: Subjects
  store: DataStore
  /** what a core's `data` needs for the handlers that use store, bus, subjects and db */
  services: DataServices
  close(): Promise<void>
}

/**
 * A data layer on the machine's real servers for handler tests: a fresh migrated PostgreSQL
 * database, the NATS bus under a subject root of its own, a store over them.
 */
export async function openTestDataLayer(prefix: string): Promise<TestDataLayer> {
  const t = await createTestDatabase(prefix)
  await migrate(t.db)
  const bus = await NatsBus.connect({ url: TEST_NATS_URL, name: prefix })
  const subjects = createSubjects(`t${randomUUID().slice(0, 8)}`)
  const store = new DataStore({ primary: t.db, local: null, cache: new MemoryCache(`${prefix}-${randomUUID()}:`), bus, subjects, clientId: prefix })
  const services = { mode: 'team', store, bus, subjects, db: t.db, localDb: t.db } as unknown as DataServices
  return {
    t,
    bus,
    subjects,
    store,
    services,
    async close() {
      await store.close().catch(() => undefined)
      await bus.close().catch(() => undefined)
      await t.drop()
    },
  }
}
