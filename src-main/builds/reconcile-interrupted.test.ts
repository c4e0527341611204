import { spawn } from 'node:child_process'
import os from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../store/migrations'
import { createTestDatabase, type TestDatabase } from '../store/testing/test-database'
import { PgHistoryStore } from './history-pg'
import type { NewBuildJob } from './history-store'
import { defaultProfile } from './profiles'
import { INTERRUPTED_REASON, reconcileInterruptedBuilds } from './reconcile-interrupted'

let tdb: TestDatabase
let store: PgHistoryStore

beforeAll(async () => {
  tdb = await createTestDatabase('slate_reconcile')
  await migrate(tdb.db)
  store = new PgHistoryStore(tdb.db, 'test PostgreSQL')
})
afterAll(async () => {
  await tdb?.drop()
})

/** A process that existed and is gone: what a SLATE killed with SIGKILL leaves behind. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  await new Promise((r) => child.once('spawn', r))
  const pid = child.pid!
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGKILL')
  await exited
  return pid
}

function job(id: string, over: Partial<NewBuildJob> = {}): NewBuildJob {
  return {
    id,
    projectRoot: '/projects/reconcile',
    projectName: 'Reconcile',
    target: 'StandaloneLinux64',
    type: 'development',
    runner: 'local',
    profile: defaultProfile('StandaloneLinux64'),
    unityVersion: '2022.3.10f1',
    commandLine: [],
    sourceCommit: null,
    userId: 'u',
    status: 'running',
    ...over,
  }
}

describe('start-up reconciliation of interrupted builds', () => {
  it('marks the jobs of a killed SLATE on this host failed with the reason, and nothing else', async () => {
    const dead = await deadPid()
    const ids = {
      killedRunning: crypto.randomUUID(),
      killedDocker: crypto.randomUUID(),
      alive: crypto.randomUUID(),
      otherHost: crypto.randomUUID(),
      farm: crypto.randomUUID(),
      finished: crypto.randomUUID(),
    }
    const host = os.hostname()
    await store.createJob(job(ids.killedRunning, { owner: { host, pid: dead } }))
    await store.markRunning(ids.killedRunning, { startedAt: new Date().toISOString(), worker: null })
    await store.createJob(job(ids.killedDocker, { runner: 'docker', owner: { host, pid: dead } }))
    await store.createJob(job(ids.alive, { owner: { host, pid: process.pid } }))
    await store.createJob(job(ids.otherHost, { owner: { host: `${host}-teammate`, pid: dead } }))
    await store.createJob(job(ids.farm, { runner: 'farm', status: 'queued', owner: { host, pid: dead } }))
    await store.createJob(job(ids.finished, { owner: { host, pid: dead } }))
    const now = new Date().toISOString()
    await store.complete(ids.finished, {
      status: 'succeeded', result: 'Succeeded', failureKind: null, reason: null, startedAt: now, completedAt: now, durationMs: 5,
      totalSize: null, outputPath: null, errorCount: 0, warningCount: 0, steps: [], packedAssets: [], messages: [], worker: null,
    })

    expect((await reconcileInterruptedBuilds(store)).sort()).toEqual([ids.killedRunning, ids.killedDocker].sort())
    for (const id of [ids.killedRunning, ids.killedDocker]) {
      expect(await store.get(id)).toMatchObject({ status: 'failed', result: 'Failed', reason: INTERRUPTED_REASON })
      expect((await store.get(id))!.completedAt).not.toBe(null)
    }
    const row = await tdb.db.query<{ error_message: string }>('SELECT error_message FROM slate_build_jobs WHERE id = $1', [ids.killedRunning])
    expect(row.rows[0].error_message).toBe(INTERRUPTED_REASON)
    expect(await store.get(ids.alive)).toMatchObject({ status: 'running', completedAt: null })
    expect(await store.get(ids.otherHost)).toMatchObject({ status: 'running', completedAt: null })
    expect(await store.get(ids.farm)).toMatchObject({ status: 'queued', completedAt: null })
    expect(await store.get(ids.finished)).toMatchObject({ status: 'succeeded' })
    // A second start finds nothing more to do.
    expect(await reconcileInterruptedBuilds(store)).toEqual([])
  })
})
