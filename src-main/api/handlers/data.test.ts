import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SlateCore } from '../../host/slate-core'
import { startDataServices } from '../../host/start-data-services'
import { dispatch } from '../registry'

describe('data calls through the API', () => {
  let dataDir: string
  let core: SlateCore
  const saved = { db: process.env.SLATE_DATABASE_URL, redis: process.env.SLATE_REDIS_URL, nats: process.env.SLATE_NATS_URL }

  beforeAll(async () => {
    // solo mode whatever the environment of the test run says
    delete process.env.SLATE_DATABASE_URL
    delete process.env.SLATE_REDIS_URL
    delete process.env.SLATE_NATS_URL
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-data-api-'))
    core = new SlateCore({ runtime: 'cli', dataDir })
    await core.init()
  })
  afterAll(async () => {
    await core?.dispose()
    fs.rmSync(dataDir, { recursive: true, force: true })
    Object.assign(process.env, Object.fromEntries(Object.entries({ SLATE_DATABASE_URL: saved.db, SLATE_REDIS_URL: saved.redis, SLATE_NATS_URL: saved.nats }).filter(([, v]) => v !== undefined)))
  })

  it('refuses data.status with `unavailable` before the data layer runs', async () => {
    const r = await dispatch(core, 'data.status', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } })
  })

  it('reports health and status once started', async () => {
    await startDataServices(core)
    const health = await dispatch(core, 'app.health', {})
    expect(health.ok).toBe(true)
    const h = (health as { result: { mode: string; database: { state: string }; pendingSync: number } }).result
    expect(h.mode).toBe('embedded')
    expect(h.database.state).toBe('ok')
    expect(h.pendingSync).toBe(0)
    const status = await dispatch(core, 'data.status', {})
    expect(status).toMatchObject({ ok: true, result: { mode: 'embedded', online: true, pendingSync: 0, migrations: { pending: 0 } } })
    expect(await dispatch(core, 'data.sync', {})).toMatchObject({ ok: true })
    expect(await dispatch(core, 'data.status', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  })
})
