import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStreams, JetStreamWorkQueue } from '../bus/jetstream'
import { NatsBus } from '../bus/nats-bus'
import { createSubjects } from '../bus/subjects'
import { startArtifactServer } from '../services/artifact-server'
import type { BuildQueueItem } from '../store/data-services'
import { migrate } from '../store/migrations'
import { createTestDatabase, type TestDatabase } from '../store/testing/test-database'
import { submitFarmBuild, type FarmClient } from './farm'
import { checkFarmJob, openPolicyWarning, type WorkerPolicy } from './farm-trust'
import { PgHistoryStore } from './history-pg'
import { defaultProfile } from './profiles'
import { killRecordedPids, spawnSlate, stopOrphanPostgres, type CliProcess } from './testing/processes'
import { makeTempProject, standinPath } from './testing/standin'
import { natsReachable, TEST_NATS_URL } from '../testing/nats'

/**
 * Jobs a worker can trust: forged jobs are refused with a reason, and a farm build takes its
 * project from version control — a local bare repository at a given commit, fetched by a real
 * `slate worker` into its own workspace, built (Unity stand-in), its artifact downloadable from
 * `slate services`' artifact endpoint with the token and not without.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-farm-trust-'))
const policy: WorkerPolicy = { workspace: path.join(tmp, 'ws'), projects: [path.join(tmp, 'allowed')], repositories: ['/srv/git/game.git'] }
fs.mkdirSync(path.join(tmp, 'allowed', 'Game'), { recursive: true })
const good = () => ({
  jobId: crypto.randomUUID(),
  projectName: 'Game',
  projectRoot: path.join(tmp, 'allowed', 'Game'),
  source: null,
  profile: defaultProfile('StandaloneLinux64', 'development', 'Game'),
  unityVersion: '6000.1.3f1',
})

describe('what a worker accepts', () => {
  it('accepts a well-formed job for an allowed folder', () => {
    expect(checkFarmJob(good(), policy).ok).toBe(true)
  })
  it('refuses a folder outside its project folders', () => {
    const r = checkFarmJob({ ...good(), projectRoot: '/etc' }, policy)
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/not inside a project folder this worker builds/) })
    const viaLink = path.join(tmp, 'allowed', 'link-out')
    fs.symlinkSync('/etc', viaLink)
    expect(checkFarmJob({ ...good(), projectRoot: viaLink }, policy).ok).toBe(false)
  })
  it('refuses a Unity path, or any field it does not know, in the job', () => {
    const r = checkFarmJob({ ...good(), unityPath: '/tmp/evil/Unity' }, policy)
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/fields a worker never takes from a job \(unityPath\)/) })
  })
  it('refuses an output path outside the project', () => {
    for (const outputPath of ['/etc/cron.d/x', '../../home/x/build', 'Builds/../../x', 'C:\\Windows\\x.exe']) {
      const r = checkFarmJob({ ...good(), profile: { ...good().profile, outputPath } }, policy)
      expect(r.ok, outputPath).toBe(false)
    }
  })
  it('refuses a repository not on its allow-list and a commit that is not a full hash', () => {
    expect(checkFarmJob({ ...good(), source: { repository: '/srv/git/other.git', commit: 'a'.repeat(40) } }, policy)).toEqual({ ok: false, reason: expect.stringMatching(/not one this worker builds/) })
    expect(checkFarmJob({ ...good(), source: { repository: '/srv/git/game.git', commit: 'main' } }, policy).ok).toBe(false)
    expect(checkFarmJob({ ...good(), source: { repository: '/srv/git/game', commit: 'b'.repeat(40) } }, policy).ok).toBe(true)
  })
})

const NATS_URL = TEST_NATS_URL
const natsUp = await natsReachable()

describe.skipIf(!natsUp)('a farm build from version control', { timeout: 240_000 }, () => {
  const root = `tfarmgit${crypto.randomUUID().slice(0, 8)}`
  const S = createSubjects(root)
  const pidDir = path.join(tmp, 'pids')
  const workspace = path.join(tmp, 'worker-ws')
  const bare = path.join(tmp, 'game.git')
  let commit = ''
  let tdb: TestDatabase
  let bus: NatsBus
  let client: FarmClient
  let worker: CliProcess

  beforeAll(async () => {
    fs.mkdirSync(pidDir)
    // A Unity project committed twice into a bare repository: the job asks for the first commit.
    const project = makeTempProject()
    const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, stdio: 'pipe' }).toString().trim()
    git(project.root, 'init', '-q', '-b', 'main')
    git(project.root, 'add', '-A')
    git(project.root, 'commit', '-q', '-m', 'first')
    commit = git(project.root, 'rev-parse', 'HEAD')
    fs.writeFileSync(path.join(project.root, 'Assets', 'later.txt'), 'second commit\n')
    git(project.root, 'add', '-A')
    git(project.root, 'commit', '-q', '-m', 'second')
    execFileSync('git', ['clone', '-q', '--bare', project.root, bare])
    project.remove()

    tdb = await createTestDatabase('slate_farm_git')
    await migrate(tdb.db)
    bus = await NatsBus.connect({ url: NATS_URL })
    client = { history: new PgHistoryStore(tdb.db, 'team'), bus, subjects: S, buildQueue: await JetStreamWorkQueue.open<BuildQueueItem>(bus.nc, S) }
    worker = spawnSlate(
      ['worker', '--runner', 'local', '--unity', standinPath, '--targets', 'StandaloneLinux64', '--name', 'wgit', '--workspace', workspace, '--allow-repo', bare],
      { SLATE_NATS_URL: NATS_URL, SLATE_DATABASE_URL: tdb.url, SLATE_SUBJECT_ROOT: root, SLATE_STANDIN_DURATION_MS: '300', SLATE_STANDIN_PID_DIR: pidDir, SLATE_DATA_DIR: path.join(tmp, 'wgit') },
    )
    await worker.waitForLine(/waiting for jobs/)
  })

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGTERM')
      await worker.exited
    }
    killRecordedPids(pidDir)
    stopOrphanPostgres(path.join(tmp, 'wgit'))
    if (bus) {
      await deleteStreams(bus.nc, S)
      await bus.close()
    }
    await tdb?.drop()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('builds the commit it was given and serves the artifact only with the token', async () => {
    const profile = { ...defaultProfile('StandaloneLinux64', 'development', 'Game'), outputPath: 'Builds/Linux/Game.x86_64' }
    const jobId = crypto.randomUUID()
    const done = await submitFarmBuild(client, { jobId, projectRoot: '/home/someone/Game', projectName: 'Game', profile, unityVersion: '6000.1.3f1', source: { repository: bare, commit } }, {})
    expect(done.status, done.reason ?? '').toBe('succeeded')
    expect(done.sourceCommit).toBe(commit)
    const checkout = path.join(workspace, 'checkouts', jobId)
    expect(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: checkout }).toString().trim()).toBe(commit)
    expect(fs.existsSync(path.join(checkout, 'Assets', 'later.txt'))).toBe(false) // the first commit, not the branch tip

    const server = await startArtifactServer({ workspace, token: 'team-artifact-token' })
    try {
      const list = await fetch(`${server.url}/artifacts/${jobId}/`, { headers: { Authorization: 'Bearer team-artifact-token' } })
      expect(list.status).toBe(200)
      const { files } = (await list.json()) as { files: string[] }
      expect(files).toEqual(['Game.x86_64'])
      const file = await fetch(`${server.url}/artifacts/${jobId}/Game.x86_64`, { headers: { Authorization: 'Bearer team-artifact-token' } })
      expect(file.status).toBe(200)
      expect(Buffer.from(await file.arrayBuffer()).equals(fs.readFileSync(path.join(checkout, 'Builds/Linux/Game.x86_64')))).toBe(true)
      expect((await fetch(`${server.url}/artifacts/${jobId}/Game.x86_64`)).status).toBe(401)
      expect((await fetch(`${server.url}/artifacts/${jobId}/Game.x86_64`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401)
      expect((await fetch(`${server.url}/artifacts/${jobId}/..%2F..%2Fartifacts.token`, { headers: { Authorization: 'Bearer team-artifact-token' } })).status).toBe(404)
    } finally {
      await server.close()
    }
  })

  it('refuses a forged job and stores the reason on it', async () => {
    const jobId = crypto.randomUUID()
    const profile = { ...defaultProfile('StandaloneLinux64', 'development', 'Game'), outputPath: '/etc/cron.d/pwned' }
    const done = await submitFarmBuild(client, { jobId, projectRoot: '/etc', projectName: 'Game', profile, unityVersion: '6000.1.3f1', source: { repository: '/srv/elsewhere.git', commit } }, {})
    expect(done.status).toBe('failed')
    expect(done.reason).toMatch(/Refused by the worker: repository \/srv\/elsewhere.git is not one this worker builds/)
  })
})

describe('a worker without a project allow-list', () => {
  it('says at start that a job may name any folder, and says nothing when the list is given', () => {
    expect(openPolicyWarning({ workspace: '/w', projects: [], repositories: ['https://git.example/game'] })).toMatch(/no --allow-project given.*any folder/)
    expect(openPolicyWarning({ workspace: '/w', projects: ['/srv/game'], repositories: [] })).toBeNull()
  })
})
