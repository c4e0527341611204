import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOfflineHarness, type OfflineHarness } from '../../store/testing/offline-harness'
import { buildHistoryFor } from '../context'
import { PgHistoryStore } from '../history-pg'
import type { BuildHistoryStore } from '../history-store'
import { readReportFile } from './read-report'
import { importReport, loadJobSizes } from './size-history'
import { sizeTrends } from './size-trends'

const DIR = path.resolve(__dirname, '../../../../shared/fixtures/buildreports')

/**
 * On a train: a report imported offline lives in the local mirror with all its sizes and reaches
 * the team database whole when the network is back; a teammate's build read online is kept in
 * the mirror with its sizes, so diffs and trends still work offline.
 */
describe('build sizes offline and across the team', () => {
  let h: OfflineHarness
  let history: BuildHistoryStore
  const root = `/projects/sizes-${randomUUID().slice(0, 8)}`

  beforeAll(async () => {
    h = await openOfflineHarness('server database')
    history = buildHistoryFor({ store: h.store, db: h.team }, true)
    await h.store.projects.create({ name: 'Sizes', ownerId: 'me', settings: { root } })
  })
  afterAll(async () => {
    await h?.close()
  })

  async function rows(db: OfflineHarness['local'], jobId: string) {
    const f = await db.query<{ id: string }>('SELECT id FROM slate_build_files WHERE job_id = $1 ORDER BY id', [jobId])
    const p = await db.query<{ id: string; output_file: string; object_count: number }>('SELECT id, output_file, object_count FROM slate_build_packed_assets WHERE job_id = $1 ORDER BY id', [jobId])
    return { files: f.rows.map((r) => r.id), packed: p.rows.map((r) => `${r.id} ${r.output_file} ${r.object_count}`) }
  }

  it('a report imported offline reaches the team database with its files and packed rows', async () => {
    const report = await readReportFile(path.join(DIR, 'Build_2020-26-Feb-16-32-33.buildreport'))
    await h.proxy.cut()
    const res = await importReport(history, { projectRoot: root, projectName: 'Sizes', report })
    expect(res.imported).toBe(true)
    expect(h.store.syncState.pending).toBeGreaterThan(0)
    const local = await rows(h.local, res.jobId)
    expect(local.files).toHaveLength(report.files.length)
    await h.proxy.restore()
    await h.drain()
    expect(await rows(h.remote.db, res.jobId)).toEqual(local)
  })

  it("a teammate's build, read online, stays readable offline with every size row", async () => {
    const report = await readReportFile(path.join(DIR, 'Build_2020-26-Feb-16-37-00.buildreport'))
    // Imported on another machine: only the team database has it.
    const teammate = await importReport(new PgHistoryStore(h.remote.db, 'team'), { projectRoot: root, projectName: 'Sizes', report })
    expect((await rows(h.local, teammate.jobId)).files).toHaveLength(0)
    const online = await sizeTrends(history, { projectRoot: root })
    expect(online.targets[0].points).toHaveLength(2)
    const fromTeam = (await loadJobSizes(history, teammate.jobId))!.report
    await h.proxy.cut()
    const offline = await sizeTrends(history, { projectRoot: root })
    expect(offline.source).toMatch(/local mirror/)
    expect(offline.targets[0].points.map((p) => p.jobId).sort()).toEqual(online.targets[0].points.map((p) => p.jobId).sort())
    const fromMirror = (await loadJobSizes(history, teammate.jobId))!.report
    expect(fromMirror.files).toEqual(fromTeam.files)
    expect([...fromMirror.packed].sort((a, b) => a.size - b.size || a.file.localeCompare(b.file))).toEqual([...fromTeam.packed].sort((a, b) => a.size - b.size || a.file.localeCompare(b.file)))
    await h.proxy.restore()
  })
})
