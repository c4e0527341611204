import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOfflineHarness, type OfflineHarness } from '../store/testing/offline-harness'
import { CaptureStore } from './captures'
import type { FrameTable } from './frame-table'

/**
 * Profiler captures take the data layer's one route: one saved while the team database is away is
 * kept in the local mirror (listed and loaded from it) and reaches the team database, frames and
 * all, once it is back; one saved online is in the mirror too.
 */
describe('profiler captures offline', () => {
  let h: OfflineHarness
  let root: string
  beforeAll(async () => {
    h = await openOfflineHarness('server database')
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-captures-offline-'))
  })
  afterAll(async () => {
    await h?.close()
    fs.rmSync(root, { recursive: true, force: true })
  })

  const table: FrameTable = { counters: [{ name: 'Frame Time', unit: 'ms' }], index: [1, 2, 3, 4], series: [[16.5, 17, null, 33.25]] }

  it('a capture saved while PostgreSQL is down is kept, readable offline, and synced whole', async () => {
    const captures = new CaptureStore(h.store, root, 'Offline captures')
    const online = await captures.save({ name: 'online', source: 'live', table })
    const mirrored = await new CaptureStore(h.local, root, 'Offline captures').load(online.id)
    expect(mirrored.table).toEqual(table)

    await h.proxy.cut()
    const offline = await captures.save({ name: 'on the train', source: 'live', table })
    expect(h.store.syncState.pending).toBeGreaterThan(0)
    expect((await captures.list()).map((c) => c.name).sort()).toEqual(['on the train', 'online'])
    expect((await captures.load(offline.id)).table).toEqual(table)

    await h.proxy.restore()
    await h.drain()
    const team = new CaptureStore(h.remote.db, root, 'Offline captures')
    expect((await team.list()).map((c) => c.id).sort()).toEqual([online.id, offline.id].sort())
    expect((await team.load(offline.id)).table).toEqual(table)
  })
})
