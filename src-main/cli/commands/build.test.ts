import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BuildCliResult, BuildHistoryPage } from '../../../src-shared/types-builds'
import { killRecordedPids, spawnSlate, stopOrphanPostgres } from '../../builds/testing/processes'
import { makeTempProject, standinPath } from '../../builds/testing/standin'
import { openDataServices } from '../../store/data-services'
import { migrate } from '../../store/migrations'
import { createTestDatabase, type TestDatabase } from '../../store/testing/test-database'

/** `slate build` and `slate history` as a user runs them: real processes, real databases. */
let tmp: string
let project: ReturnType<typeof makeTempProject>
let tdb: TestDatabase

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-build-'))
  fs.mkdirSync(path.join(tmp, 'pids'))
  project = makeTempProject()
  tdb = await createTestDatabase('slate_cli_build')
  await migrate(tdb.db)
})
afterAll(async () => {
  killRecordedPids(path.join(tmp, 'pids'))
  stopOrphanPostgres(path.join(tmp, 'data'))
  await tdb?.drop()
  project?.remove()
  fs.rmSync(tmp, { recursive: true, force: true })
})

function env(extra: Record<string, string> = {}) {
  return {
    SLATE_DATA_DIR: path.join(tmp, 'data'),
    SLATE_DATABASE_URL: tdb.url,
    SLATE_NATS_URL: '',
    SLATE_REDIS_URL: '',
    SLATE_STANDIN_DURATION_MS: '200',
    SLATE_STANDIN_PID_DIR: path.join(tmp, 'pids'),
    ...extra,
  }
}

async function slate(args: string[], extra: Record<string, string> = {}) {
  const p = spawnSlate(args, env(extra))
  const code = await p.exited
  return { code, stdout: p.lines }
}

describe('slate build', { timeout: 120_000 }, () => {
  it('--dry-run prints the exact command line and runs nothing', async () => {
    const { code, stdout } = await slate(['build', project.root, '--target', 'Android', '--type', 'production', '--unity', standinPath, '--dry-run'])
    expect(code).toBe(0)
    expect(stdout.at(-1)).toMatch(
      new RegExp(`^${standinPath} -batchmode -quit -nographics -projectPath ${project.root} -buildTarget Android -executeMethod Slate\\.Bridge\\.BuildCommand\\.Build -logFile - -slateReportPath `),
    )
    expect(stdout.at(-1)).toContain('-slateBuildType production')
  })

  it('--json prints one final object; exit 0 only for a success', async () => {
    const ok = await slate(['build', project.root, '--target', 'StandaloneLinux64', '--unity', standinPath, '--json'])
    expect(ok.code).toBe(0)
    const result = JSON.parse(ok.stdout.at(-1)!) as BuildCliResult
    expect(Object.keys(result).sort()).toEqual(['durationMs', 'errors', 'jobId', 'outputPath', 'reason', 'result', 'status', 'totalSize', 'warnings'])
    expect(result).toMatchObject({ status: 'succeeded', result: 'Succeeded', totalSize: 65536, errors: [], warnings: 1 })
    expect(result.outputPath).toBe(path.join(project.root, 'Builds', 'StandaloneLinux64', `${path.basename(project.root)}.x86_64`))

    const bad = await slate(['build', project.root, '--target', 'StandaloneLinux64', '--unity', standinPath, '--json'], { SLATE_STANDIN_SCENARIO: 'compile-errors' })
    expect(bad.code).toBe(1)
    const failed = JSON.parse(bad.stdout.at(-1)!) as BuildCliResult
    expect(failed.status).toBe('failed')
    expect(failed.errors).toHaveLength(98)
    expect(failed.errors[0]).toEqual({ file: 'Assets/UnityARInterface/ARRemote/Scripts/ARRemoteEditorInterface.cs', line: 40, column: 17, code: 'CS0246', message: expect.any(String) })
  })

  it('refuses an invalid profile and a missing editor with exit 2 and a reason', async () => {
    const p = spawnSlate(['build', project.root, '--target', 'StandaloneLinux64', '--output', 'Assets/Out'], env())
    expect(await p.exited).toBe(2)
    const q = spawnSlate(['build', project.root, '--target', 'Nintendo64'], env())
    expect(await q.exited).toBe(2)
  })

  it('slate history --json works with the team server unreachable (local mirror)', async () => {
    const online = await slate(['history', project.root, '--json'])
    const page = JSON.parse(online.stdout.at(-1)!) as BuildHistoryPage
    expect(page.jobs.map((j) => j.status)).toEqual(['failed', 'succeeded'])
    const offline = await slate(['history', project.root, '--json'], { SLATE_DATABASE_URL: 'postgres://slate@127.0.0.1:1/gone' })
    expect(offline.code).toBe(0)
    const mirror = JSON.parse(offline.stdout.at(-1)!) as BuildHistoryPage
    expect(mirror.source).toMatch(/local mirror/)
    expect(mirror.jobs.map((j) => j.id)).toEqual(page.jobs.map((j) => j.id))
    expect(mirror.stats[0]).toMatchObject({ target: 'StandaloneLinux64', total: 2, succeeded: 1 })
  })

  it('a build made while the team server is unreachable is kept locally and replayed when it is back', async () => {
    const off = await slate(['build', project.root, '--target', 'StandaloneLinux64', '--unity', standinPath, '--json'], { SLATE_DATABASE_URL: 'postgres://slate@127.0.0.1:1/gone' })
    expect(off.code).toBe(0)
    const { jobId } = JSON.parse(off.stdout.at(-1)!) as BuildCliResult
    expect((await tdb.db.query('SELECT 1 FROM slate_build_jobs WHERE id = $1', [jobId])).rowCount).toBe(0)
    // Back online: the data layer replays its outbox to the team database.
    const services = await openDataServices({ dataDir: path.join(tmp, 'data'), databaseUrl: tdb.url })
    try {
      await services.store.sync()
    } finally {
      await services.close()
    }
    const row = await tdb.db.query<{ status: string; total_size: string }>('SELECT status, total_size FROM slate_build_jobs WHERE id = $1', [jobId])
    expect(row.rows[0]).toEqual({ status: 'succeeded', total_size: '65536' })
  })
})
