import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BuildJobSummary, BuildProfile } from '../../src-shared/types-builds'
import { deleteStreams } from '../bus/jetstream'
import type { NatsBus } from '../bus/nats-bus'
import { openDataServices, type DataServices } from '../store/data-services'
import { startBuild } from './build-session'
import { RecordingSink } from './events'
import { MemoryHistoryStore } from './history-memory'
import { defaultProfile } from './profiles'
import { DockerRunner } from './runners/docker-runner'
import { LocalRunner } from './runners/local-runner'
import { openBuildsApiHarness, type BuildsApiHarness } from './testing/api-harness'
import { makeTempProject, standinEnv, standinPath } from './testing/standin'
import { dataLayerService } from '../host/data-layer'
import { natsReachable, TEST_NATS_URL } from '../testing/nats'

// Every way a build can fail ends the job with a final status and a `finished` event: the views
// and the CLI wait for that event, and a job left "running" would never end for them.

describe('a local build that fails before its verdict', () => {
  let project: ReturnType<typeof makeTempProject>
  const temps: string[] = []
  beforeAll(() => {
    project = makeTempProject()
  })
  afterAll(() => {
    project.remove()
    for (const t of temps) fs.rmSync(t, { recursive: true, force: true })
  })

  it('ends failed with finished when the runner cannot even describe the build (no Unity version for the image)', async () => {
    const history = new MemoryHistoryStore()
    const events = new RecordingSink()
    const out = await startBuild({
      projectRoot: project.root,
      profile: defaultProfile('StandaloneLinux64', 'development', 'Game'),
      runner: new DockerRunner({}),
      unity: { path: 'unity-editor', version: null },
      history,
      events,
    }).done
    expect(out.verdict).toMatchObject({ status: 'failed', failureKind: 'runner' })
    expect(out.verdict.reason).toMatch(/no Unity version/)
    expect(events.finishedJobs).toHaveLength(1)
    expect(events.finishedJobs[0]).toMatchObject({ id: out.job.id, status: 'failed', failureKind: 'runner' })
  })

  it('ends failed with finished, and is recorded so, when its log folder cannot be written after the job was created', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-build-fail-'))
    temps.push(tmp)
    const notAFolder = path.join(tmp, 'logs')
    fs.writeFileSync(notAFolder, 'a file where the log folder should be')
    const history = new MemoryHistoryStore()
    const events = new RecordingSink()
    const workDir = path.join(tmp, 'work')
    const out = await startBuild({
      projectRoot: project.root,
      profile: defaultProfile('StandaloneLinux64', 'development', 'Game'),
      runner: new LocalRunner(),
      unity: { path: standinPath, version: '6000.1.3f1' },
      history,
      events,
      env: standinEnv('success'),
      logDir: notAFolder,
      workDir,
    }).done
    expect(out.verdict).toMatchObject({ status: 'failed', failureKind: 'runner' })
    expect(events.finishedJobs.map((j) => j.status)).toEqual(['failed'])
    const stored = await history.get(out.job.id)
    expect(stored).toMatchObject({ status: 'failed', failureKind: 'runner' })
    expect(stored!.completedAt).not.toBeNull()
    expect(stored!.reason).toMatch(/could not run/)
    // the job's work folder went with the job
    expect(fs.existsSync(path.join(workDir, out.job.id))).toBe(false)
  })
})

const NATS_URL = TEST_NATS_URL
const natsUp = await natsReachable()
if (!natsUp) console.warn(`\n*** SKIPPING the farm submit failure test: NATS is not reachable at ${NATS_URL} ***\n`)

describe.skipIf(!natsUp)('a farm build whose submit fails', { timeout: 120_000 }, () => {
  const root = `tfail${crypto.randomUUID().slice(0, 8)}`
  let h: BuildsApiHarness
  let services: DataServices
  let dataDir: string

  beforeAll(async () => {
    h = await openBuildsApiHarness()
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-farm-fail-'))
    services = await openDataServices({ dataDir, natsUrl: NATS_URL, subjectRoot: root })
    h.core.service(dataLayerService).attach(services)
  })
  afterAll(async () => {
    h.core.service(dataLayerService).attach(null)
    await services?.close()
    await h?.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('ends the job failed and sends build.finished when the work queue is gone', async () => {
    expect(services.bus.kind).toBe('nats')
    // The farm's JetStream streams disappear (an operator reset the server): queueing must fail.
    await deleteStreams((services.bus as NatsBus).nc, services.subjects)
    const finished: BuildJobSummary[] = []
    let wake: () => void = () => undefined
    h.core.events.on('build.finished', (job) => {
      finished.push(job)
      wake()
    })
    const profile = await h.call<BuildProfile>('builds.profiles.default', { target: 'StandaloneLinux64', type: 'development' })
    const { jobId } = await h.call<{ jobId: string }>('builds.start', { profile, runner: 'farm' })
    await new Promise<void>((resolve) => {
      wake = () => finished.some((j) => j.id === jobId) && resolve()
      wake()
    })
    const job = finished.find((j) => j.id === jobId)!
    expect(job).toMatchObject({ status: 'failed', failureKind: 'runner' })
    expect(job.reason).toMatch(/farm did not take the build/)
    expect(await h.call<BuildJobSummary[]>('builds.running', {})).toEqual([])
    const stored = await h.call<BuildJobSummary | null>('builds.history.get', { jobId })
    expect(stored).toMatchObject({ id: jobId, status: 'failed', failureKind: 'runner' })
  })
})
