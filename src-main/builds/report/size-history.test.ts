import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../store/migrations'
import { createTestDatabase, type TestDatabase } from '../../store/testing/test-database'
import { startBuild } from '../build-session'
import { RecordingSink } from '../events'
import { PgHistoryStore } from '../history-pg'
import { defaultProfile } from '../profiles'
import { LocalRunner } from '../runners/local-runner'
import { makeTempProject, standinEnv, standinPath } from '../testing/standin'
import { BUDGETS_FILE } from './budgets'
import { parseReportText, readReportFile } from './read-report'
import { generateReportText } from './testing/gen-report'
import { diffReports } from './size-diff'
import { importReport, jobIdForReport, loadJobSizes } from './size-history'
import { sizeTrends } from './size-trends'
import { lineScan } from './testing/line-scan'

const DIR = path.resolve(__dirname, '../../../../shared/fixtures/buildreports')
const A = path.join(DIR, 'Build_2020-26-Feb-16-32-33.buildreport')
const B = path.join(DIR, 'Build_2020-26-Feb-16-37-00.buildreport')

let tdb: TestDatabase
let store: PgHistoryStore
let project: ReturnType<typeof makeTempProject>

beforeAll(async () => {
  tdb = await createTestDatabase('slate_buildsize')
  await migrate(tdb.db)
  store = new PgHistoryStore(tdb.db, 'test PostgreSQL')
  project = makeTempProject()
})
afterAll(async () => {
  project?.remove()
  await tdb?.drop()
})

describe('build sizes in the build history (PostgreSQL)', () => {
  it('imports the real pair, once each, and diffs them by job exactly as by file', async () => {
    const [ra, rb] = [await readReportFile(A), await readReportFile(B)]
    const ia = await importReport(store, { projectRoot: project.root, projectName: 'Test', report: ra })
    const ib = await importReport(store, { projectRoot: project.root, projectName: 'Test', report: rb })
    expect([ia.imported, ib.imported]).toEqual([true, true])
    expect(ia.jobId).not.toBe(ib.jobId)
    // Idempotent by build GUID.
    expect((await importReport(store, { projectRoot: project.root, projectName: 'Test', report: ra })).imported).toBe(false)

    const job = await store.get(ia.jobId)
    const scan = lineScan(fs.readFileSync(A, 'utf8'))
    expect(job).toMatchObject({ origin: 'imported', target: 'Android', status: 'succeeded', totalSize: scan.summaryTotal, type: 'production' })
    expect(job!.files).toHaveLength(scan.files.size)
    const data = (await store.sizeData(ia.jobId))!
    expect(data.packed.reduce((s, p) => s + p.size, 0)).toBe(scan.packedTotal)
    expect(data.packed.every((p) => p.file && p.file.startsWith('Temp/StagingArea/'))).toBe(true)

    const [ja, jb] = [(await loadJobSizes(store, ia.jobId))!, (await loadJobSizes(store, ib.jobId))!]
    expect(diffReports(ja.report, jb.report)).toEqual(diffReports(ra, rb))
  })

  it('checks the budget after every build and names the asset that pushed it over', async () => {
    const build = (scale: string) =>
      startBuild({
        projectRoot: project.root,
        profile: defaultProfile('StandaloneLinux64', 'production', 'Game'),
        runner: new LocalRunner(),
        unity: { path: standinPath, version: '6000.1.3f1' },
        history: store,
        events: new RecordingSink(),
        env: standinEnv('success', { SLATE_STANDIN_AUDIO_SCALE: scale }),
      }).done
    fs.writeFileSync(path.join(project.root, BUDGETS_FILE), JSON.stringify({ budgets: [{ target: 'StandaloneLinux64', maxGrowthPercent: 10, level: 'fail' }] }))
    const first = await build('1')
    const firstJob = (await store.get(first.job.id))!
    // No earlier build: the growth limit cannot be measured, and says so.
    expect(firstJob.budget).toMatchObject({ state: 'ok' })
    expect(firstJob.budget!.checks[0].message).toMatch(/no earlier build/)
    expect(firstJob.files!.map((f) => f.path).sort()).toEqual(['Game.exe', 'Game_Data/sharedassets0.assets', 'Game_Data/sharedassets0.resource'])
    const second = await build('3')
    const secondJob = (await store.get(second.job.id))!
    // The stand-in's totalSize is its player file, unchanged; the packed audio tripled: the total
    // check sees 0% but the files say where the bytes went.
    const d = diffReports((await loadJobSizes(store, first.job.id))!.report, (await loadJobSizes(store, second.job.id))!.report)
    expect(d.assets[0]).toMatchObject({ path: 'Assets/Audio/theme.ogg', before: 524288, after: 524288 * 3, delta: 524288 * 2 })
    expect(d.files[0]).toMatchObject({ path: 'Game_Data/sharedassets0.resource', delta: 524288 * 2 })
    expect(secondJob.budget?.culprits[0]).toMatchObject({ path: 'Assets/Audio/theme.ogg', delta: 524288 * 2 })
    const page = await store.list({ projectRoot: project.root, target: 'StandaloneLinux64' })
    expect(page.jobs.every((j) => j.budgetState === 'ok')).toBe(true)

    // A total limit below the build: fail, on the job and in the list.
    fs.writeFileSync(path.join(project.root, BUDGETS_FILE), JSON.stringify({ budgets: [{ maxBytes: 1000, level: 'fail' }] }))
    const third = await build('1')
    const thirdJob = (await store.get(third.job.id))!
    expect(thirdJob.status).toBe('succeeded')
    expect(thirdJob.budget).toMatchObject({ state: 'fail' })
    expect(thirdJob.budget!.checks[0]).toMatchObject({ rule: 'maxBytes', exceeded: true, limit: 1000 })
    // Nothing grew since the second build: the culprits are the biggest assets.
    expect(thirdJob.budget!.culprits.map((c) => c.path)).toEqual(['Assets/Audio/theme.ogg', 'Assets/Scenes/Main.unity', 'Assets/Textures/small.png'])
    expect((await store.list({ projectRoot: project.root })).jobs.find((j) => j.id === third.job.id)?.budgetState).toBe('fail')
    fs.rmSync(path.join(project.root, BUDGETS_FILE))
  })

  it('a content build (AssetBundles) goes through ContentBuildCommand and is sized per bundle', async () => {
    const profile = { ...defaultProfile('Android', 'production', 'Game'), id: 'bundles', content: 'asset-bundles' as const, outputPath: 'Bundles' }
    const out = await startBuild({
      projectRoot: project.root,
      profile,
      runner: new LocalRunner(),
      unity: { path: standinPath, version: '6000.1.3f1' },
      history: store,
      events: new RecordingSink(),
      env: standinEnv('success'),
    }).done
    const job = (await store.get(out.job.id))!
    expect(job, job.reason ?? '').toMatchObject({ status: 'succeeded' })
    expect(job.commandLine).toContain('Slate.Bridge.ContentBuildCommand.Build')
    expect(job.commandLine.join(' ')).toContain('-slateContent asset-bundles')
    expect(job.sizeKind).toBe('asset-bundles')
    expect(job.files!.map((f) => f.role)).toEqual(['AssetBundle', 'AssetBundle'])
    const sizes = (await loadJobSizes(store, job.id))!.report
    expect(sizes.kind).toBe('asset-bundles')
    expect(new Set(sizes.packed.map((p) => p.file))).toEqual(new Set(['Bundles/audio', 'Bundles/level1']))
  })

  it('trends: size and duration per target over time, one asset over the last builds', async () => {
    const t = await sizeTrends(store, { projectRoot: project.root, asset: '3d4e000000000000000000000000aa02' })
    const linux = t.targets.find((x) => x.target === 'StandaloneLinux64')!
    expect(linux.total).toBe(3)
    expect(linux.successRate).toBe(1)
    const times = linux.points.map((p) => p.at)
    expect(times).toEqual([...times].sort())
    // Oldest first: the two imported Android builds (2020) have no such asset; then the clip was
    // 512 KB, 1.5 MB, 512 KB in the three Linux builds and 512 KB in the bundle build.
    expect(t.asset!.points.map((p) => p.size)).toEqual([0, 0, 524288, 524288 * 3, 524288, 524288])
    const android = t.targets.find((x) => x.target === 'Android')!
    expect(android.points.map((p) => p.totalSize)).toContain(lineScan(fs.readFileSync(B, 'utf8')).summaryTotal)
  })
})

describe('job ids of imported reports', () => {
  it('are valid RFC 4122 UUIDs (the API validates them), stable per build GUID', async () => {
    const r = await readReportFile(A)
    const id = jobIdForReport(r, '/p')
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(jobIdForReport({ ...r }, '/p')).toBe(id)
    expect(jobIdForReport({ ...r, buildGuid: null }, '/p')).not.toBe(id)
    // The same report in another project is another job.
    expect(jobIdForReport(r, '/q')).not.toBe(id)
  })
})

describe('a big report in the history', () => {
  it('goes in with COPY under the same ids the INSERT gives (team and mirror rows match), every row kept', async () => {
    const report = parseReportText(Buffer.from(generateReportText({ objects: 20_000, assets: 8000, seed: 5 })))
    expect(report.packed.length).toBeGreaterThan(5000)
    const res = await importReport(store, { projectRoot: `${project.root}-big`, projectName: 'Big', report })
    const n = report.packed.length
    const matched = await tdb.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM generate_series(1, $2::int) i JOIN slate_build_packed_assets p ON p.id = md5($1::uuid::text || ':packed:' || i)::uuid WHERE p.job_id = $1`,
      [res.jobId, n],
    )
    expect(Number(matched.rows[0].n)).toBe(n)
    const data = (await store.sizeData(res.jobId))!
    expect(data.packed.reduce((s, p) => s + p.size, 0)).toBe(report.packed.reduce((s, p) => s + p.size, 0))
    expect(data.packed.reduce((s, p) => s + (p.objects ?? 0), 0)).toBe(20_000)
  })
})
