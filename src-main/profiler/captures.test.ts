import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../store/migrations'
import { createTestDatabase, type TestDatabase } from '../store/testing/test-database'
import { CaptureStore, packFrames, unpackFrames } from './captures'
import { importProfilerFile } from './import'
import type { FrameTable } from './frame-table'

let t: TestDatabase
let root: string
beforeAll(async () => {
  t = await createTestDatabase('slate_test_captures')
  await migrate(t.db)
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-captures-'))
})
afterAll(async () => {
  await t?.drop()
  fs.rmSync(root, { recursive: true, force: true })
})

const FRAME_TIME = path.resolve(__dirname, '../../../shared/fixtures/profiler/profile-analyzer_frameTime__acciohyun_FYP.csv')

describe('captures', () => {
  it('packs column arrays and reads back the same frames (float32), nulls kept', async () => {
    const table: FrameTable = { counters: [{ name: 'A', unit: 'ms' }, { name: 'B', unit: 'count' }], index: [5, 6, 7], series: [[1.5, null, 2.25], [10, 20, null]] }
    const back = await unpackFrames(await packFrames(table), table.counters)
    expect(back).toEqual(table)
    await expect(unpackFrames(await packFrames(table), [{ name: 'A', unit: 'ms' }])).rejects.toThrow(/damaged/)
  })

  it('stores an imported capture and a slower copy, lists them, compares median/p95/max and the distribution', async () => {
    const store = new CaptureStore(t.db, root, 'Captures test')
    const { table } = await importProfilerFile(FRAME_TIME)
    const a = await store.save({ name: 'before', source: 'profile-analyzer', table: table! })
    const slower: FrameTable = { ...table!, series: [table!.series[0].map((v) => (v === null ? null : v * 2))] }
    const b = await store.save({ name: 'after', source: 'live', table: slower })
    expect(a.frames).toBe(table!.index.length)
    const list = await store.list()
    expect(list.map((c) => c.name).sort()).toEqual(['after', 'before'])
    const cmp = await store.compare(a.id, b.id)
    const row = cmp.counters.find((c) => c.name === 'Frame Time')!
    // float32 storage: compare with the values as float32
    const f32 = (x: number) => Math.fround(x)
    expect(row.b!.median).toBeCloseTo(f32(row.a!.median * 2), 3)
    expect(row.b!.max).toBeCloseTo(f32(row.a!.max * 2), 3)
    expect(row.medianChange).toBeCloseTo(1, 3)
    // shares of frames per bucket sum to 1, and the slower capture sits further right
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)
    expect(sum(cmp.distribution.a)).toBeCloseTo(1, 9)
    expect(sum(cmp.distribution.b)).toBeCloseTo(1, 9)
    const meanBucket = (xs: number[]) => xs.reduce((s, x, k) => s + x * cmp.distribution.edges[k], 0)
    expect(meanBucket(cmp.distribution.b)).toBeGreaterThan(meanBucket(cmp.distribution.a))
    // compact: gzip'd float32 columns are smaller than the CSV they came from
    const bytes = await t.db.query<{ n: number }>('SELECT octet_length(frames) AS n FROM slate_profiler_captures WHERE id = $1', [a.id])
    expect(bytes.rows[0].n).toBeLessThan(fs.statSync(FRAME_TIME).size)
  })
})
