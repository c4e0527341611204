import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { unityFixture } from '../../testing/fixtures'
import { UnityProject } from '../unity-project'
import type { FileFacts, MetaFacts } from './file-facts'
import { FactsPool, type PoolOptions } from './parallel-facts'

const root = unityFixture('NavMeshComponents')
const sequential = UnityProject.open(root, { cacheDir: null })
const rels = [...sequential.index.files.keys(), ...sequential.index.metas.keys()]

async function readWith(spawn?: () => Worker, opts?: PoolOptions, threads = 2) {
  const files: FileFacts[] = []
  const metas: MetaFacts[] = []
  const pool = new FactsPool(threads, sequential.root, { files: (l) => files.push(...l), metas: (l) => metas.push(...l), bytes: () => {} }, spawn, opts)
  try {
    // Fed in small batches, as the walk does.
    for (let i = 0; i < rels.length; i += 37) pool.add(rels.slice(i, i + 37))
    const { workersUsed } = await pool.done()
    return { files, metas, workersUsed }
  } finally {
    pool.close()
  }
}

describe('FactsPool', () => {
  it('hands over facts in the order the paths were added, equal to a single-threaded read', async () => {
    const r = await readWith()
    expect(r.workersUsed).toBeGreaterThanOrEqual(1)
    expect(r.files).toEqual([...sequential.index.files.values()])
    expect(r.metas).toEqual([...sequential.index.metas.values()])
  })

  it('one-shot (the calling thread reads too, no fstat): the same facts, mtimes aside', async () => {
    const untimed = <T extends { mtimeMs: number }>(list: T[]) => list.map((x) => ({ ...x, mtimeMs: 0 }))
    for (const threads of [0, 1]) {
      const r = await readWith(undefined, { helpHere: true, timed: false }, threads)
      expect(untimed(r.files)).toEqual(untimed([...sequential.index.files.values()]))
      expect(untimed(r.metas)).toEqual(untimed([...sequential.index.metas.values()]))
    }
  })

  it('a one-shot open of a project gives the summary a plain open gives', async () => {
    const plain = sequential.summary()
    for (const threads of [0, 1]) {
      const oneShot = await UnityProject.openAsync(root, { cacheDir: null, oneShot: true, threads, parallelFrom: 1 })
      expect({ ...oneShot.summary(), timings: null }).toEqual({ ...plain, timings: null })
    }
  })

  it('reads on the calling thread when workers die or cannot start', async () => {
    const dying = await readWith(() => new Worker('throw new Error("no worker today")', { eval: true }))
    expect(dying.workersUsed).toBe(0)
    expect(dying.files).toEqual([...sequential.index.files.values()])
    expect(dying.metas).toEqual([...sequential.index.metas.values()])
    const none = await readWith(() => {
      throw new Error('no threads here')
    })
    expect(none.files).toEqual([...sequential.index.files.values()])
  })
})
