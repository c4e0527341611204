import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defineService } from '../core/service-registry'
import { SlateCore } from './slate-core'
import { startDataServices } from './start-data-services'

/**
 * The data layer is a service of the core's registry: `core.data` reads it, and since it is created
 * first it is stopped last, so a subsystem that writes while it stops (a build recording its end,
 * the live link its sessions) still has the database.
 */
describe('the data layer in the service registry', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-data-layer-'))
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  it('is shared by repeated starts, outlives the services that stop after it started, and is gone after dispose', async () => {
    const core = new SlateCore({ runtime: 'cli', dataDir })
    await core.init()
    expect(core.data).toBeNull()
    const [a, b] = await Promise.all([startDataServices(core), startDataServices(core)])
    expect(a).toBe(b)
    expect(core.data).toBe(a)
    let wroteWhileStopping: string | null = null
    const writer = defineService({
      name: 'writes on stop',
      create: () => ({}),
      stop: async () => {
        const p = await core.data!.store.projects.create({ name: 'written while stopping', ownerId: 'test' })
        wroteWhileStopping = p.id
      },
    })
    core.service(writer)
    await core.dispose()
    expect(wroteWhileStopping).not.toBeNull()
    expect(core.data).toBeNull()
  })
})
