import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../store/migrations'
import { createTestDatabase, type TestDatabase } from '../store/testing/test-database'
import { startBuild } from './build-session'
import { RecordingSink } from './events'
import { PgHistoryStore } from './history-pg'
import type { BuildCompletion } from './history-store'
import { defaultProfile } from './profiles'
import { LocalRunner } from './runners/local-runner'
import { makeTempProject, standinEnv, standinPath } from './testing/standin'

let tdb: TestDatabase
let project: ReturnType<typeof makeTempProject>
let store: PgHistoryStore

beforeAll(async () => {
  tdb = await createTestDatabase('slate_builds')
  await migrate(tdb.db)
  store = new PgHistoryStore(tdb.db, 'test PostgreSQL')
  project = makeTempProject()
})
afterAll(async () => {
  project?.remove()
  await tdb?.drop()
})

function build(scenario: string) {
  return startBuild({
    projectRoot: project.root,
    profile: defaultProfile('Android', 'staging', 'Game'),
    runner: new LocalRunner(),
    unity: { path: standinPath, version: '6000.1.3f1' },
    history: store,
    events: new RecordingSink(),
    env: standinEnv(scenario),
  }).done
}

describe('build history in PostgreSQL', () => {
  it('stores a successful build with steps, messages and packed assets biggest first', async () => {
    const out = await build('success')
    expect(out.stored).toBe(true)
    const job = await store.get(out.job.id)
    expect(job).toMatchObject({ status: 'succeeded', result: 'Succeeded', progress: 100, target: 'Android', type: 'staging', totalSize: 65536, runner: 'local' })
    expect(job!.packedAssets.map((a) => a.size)).toEqual([524288, 65536, 1024])
    expect(job!.packedAssets[0]).toMatchObject({ path: 'Assets/Audio/theme.ogg', guid: '3d4e000000000000000000000000aa02', type: 'AudioClip' })
    expect(job!.steps.map((s) => s.name)).toEqual(['Build player', 'Compile scripts', 'Write asset files'])
    expect(job!.steps[2].messages).toEqual([{ type: 'warning', content: 'Compressed texture rocks new logo is used as icon.' }])
    expect(job!.profile?.target).toBe('Android')
    expect(job!.commandLine).toContain('-slateReportPath')
  })

  it('stores 98 structured compile errors and lists jobs with per-target stats', async () => {
    const out = await build('compile-errors')
    const job = await store.get(out.job.id)
    const errors = job!.messages.filter((m) => m.type === 'error' && /error CS/.test(m.content))
    expect(errors).toHaveLength(98)
    expect(errors[0]).toMatchObject({ file: 'Assets/UnityARInterface/ARRemote/Scripts/ARRemoteEditorInterface.cs', line: 40 })
    const page = await store.list({ projectRoot: project.root })
    expect(page.jobs.map((j) => j.status)).toEqual(['failed', 'succeeded'])
    expect(page.stats).toEqual([expect.objectContaining({ target: 'Android', total: 2, succeeded: 1, successRate: 0.5 })])
    expect((await store.list({ projectRoot: project.root, status: 'failed' })).jobs).toHaveLength(1)
    expect(await store.recentDurations(project.root, 'Android')).toHaveLength(1)
  })

  it('completes a job exactly once: a second completion (a redelivered farm job) changes nothing', async () => {
    const out = await build('success')
    const again: BuildCompletion = {
      status: 'failed',
      result: 'Failed',
      failureKind: 'exit-code',
      reason: 'late duplicate',
      startedAt: new Date().toISOString(),
      completedAt: new Date().toISOString(),
      durationMs: 1,
      totalSize: null,
      outputPath: null,
      errorCount: 0,
      warningCount: 0,
      steps: [{ name: 'x', depth: 0, durationMs: 1, messages: [] }],
      packedAssets: [],
      messages: [],
      worker: 'other',
    }
    expect(await store.complete(out.job.id, again)).toBe(false)
    const job = await store.get(out.job.id)
    expect(job).toMatchObject({ status: 'succeeded', reason: null })
    expect(job!.steps).toHaveLength(3)
  })
})
