import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOfflineHarness, type OfflineHarness } from './testing/offline-harness'

/**
 * A write the team database took but the local mirror refused is not lost (the team has it) and not
 * hidden either: the store's sync state (and so health) names the failure until a copy succeeds.
 */
describe('a failing mirror write is surfaced', () => {
  let h: OfflineHarness
  beforeAll(async () => {
    h = await openOfflineHarness('server database')
  })
  afterAll(async () => {
    await h?.local.query('DROP FUNCTION IF EXISTS slate_test_refuse() CASCADE').catch(() => undefined)
    await h?.close()
  })

  it('the write succeeds, the sync state carries the mirror error, and a later good copy clears it', async () => {
    await h.local.query(`CREATE FUNCTION slate_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'mirror disk full (test)'; END $$`)
    await h.local.query('CREATE TRIGGER slate_test_refuse BEFORE INSERT ON slate_projects FOR EACH ROW EXECUTE FUNCTION slate_test_refuse()')
    const p = await h.store.projects.create({ name: 'Refused by the mirror', ownerId: 'me' })
    expect((await h.remote.db.query('SELECT id FROM slate_projects WHERE id = $1', [p.id])).rowCount).toBe(1)
    expect(h.store.syncState.mirrorError).toMatch(/mirror disk full/)
    expect(h.store.syncState.pending).toBe(0)

    await h.local.query('DROP TRIGGER slate_test_refuse ON slate_projects')
    await h.store.projects.create({ name: 'Mirrored', ownerId: 'me' })
    expect(h.store.syncState.mirrorError).toBeNull()
  })
})
