import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InProcessBus } from '../../bus/in-process-bus'
import { createSubjects } from '../../bus/subjects'
import { MemoryCache } from '../../cache/memory-cache'
import { DataStore } from '../data-store'
import { Database } from '../db'
import { EmbeddedPostgres } from '../embedded-postgres'
import { migrate } from '../migrations'
import { TcpProxy } from './tcp-proxy'
import { createTestDatabase, waitFor, type TestDatabase } from './test-database'

/** Where the offline mirror lives in a test: a second database on the server, or a real embedded cluster. */
export type LocalKind = 'server database' | 'embedded PostgreSQL'
export const LOCAL_KINDS: LocalKind[] = ['server database', 'embedded PostgreSQL']

/**
 * A team-mode DataStore whose team database sits behind a TCP proxy the test can cut, with its
 * mirror and outbox in a database of the given kind. No sync loop runs: tests call sync() when
 * they want the replay, so what happens offline is not raced by a timer.
 */
export interface OfflineHarness {
  remote: TestDatabase
  local: Database
  /** the team database as SLATE sees it: through the proxy */
  team: Database
  proxy: TcpProxy
  store: DataStore
  /** sync until the store is online with an empty outbox */
  drain(): Promise<void>
  close(): Promise<void>
}

export async function openOfflineHarness(kind: LocalKind): Promise<OfflineHarness> {
  const closers: (() => Promise<void>)[] = []
  const remote = await createTestDatabase('slate_test_remote')
  closers.push(() => remote.drop())
  let local: Database
  if (kind === 'embedded PostgreSQL') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-offline-'))
    closers.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }))
    const embedded = await EmbeddedPostgres.start({ dataDir })
    closers.push(() => embedded.stop())
    local = new Database({ url: embedded.url, label: embedded.label })
    closers.push(() => local.close())
  } else {
    const t = await createTestDatabase('slate_test_local')
    closers.push(() => t.drop())
    local = t.db
  }
  await migrate(remote.db)
  await migrate(local)
  const proxy = new TcpProxy('127.0.0.1', 5432)
  await proxy.start()
  closers.push(() => proxy.close())
  const u = new URL(remote.url)
  u.port = String(proxy.port)
  const viaProxy = new Database({ url: u.toString(), label: 'team PostgreSQL via proxy', connectTimeoutMs: 1000 })
  closers.push(() => viaProxy.close())
  const store = new DataStore({
    primary: viaProxy,
    local,
    cache: new MemoryCache(`t-${randomUUID()}:`),
    bus: new InProcessBus(),
    subjects: createSubjects(`t${randomUUID().slice(0, 8)}`),
    clientId: 'laptop',
  })
  closers.push(() => store.close())
  return {
    remote,
    local,
    team: viaProxy,
    proxy,
    store,
    drain: async () =>
      void (await waitFor(async () => (await store.sync(), store.syncState.online && store.syncState.pending === 0), 'the outbox to drain', 30_000, 50)),
    close: async () => {
      for (const c of closers.reverse()) await c().catch(() => undefined)
    },
  }
}
