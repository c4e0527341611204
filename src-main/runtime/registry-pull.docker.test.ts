import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import bcrypt from 'bcryptjs'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InProcessBus } from '../bus/in-process-bus'
import { createSubjects } from '../bus/subjects'
import { MemoryCache } from '../cache/memory-cache'
import { DataStore } from '../store/data-store'
import { migrate } from '../store/migrations'
import { createTestDatabase, waitFor, type TestDatabase } from '../store/testing/test-database'
import { RuntimeOrchestrator } from './orchestrator'

// A real registry with basic auth (Debian's docker-registry, the CNCF distribution server) on
// loopback: the engine treats 127.0.0.0/8 registries as plain-HTTP ones, so no TLS is needed.
const REGISTRY_BIN = '/usr/bin/docker-registry'
const BASE = 'slate-runtime-test:busybox'
const hasDocker = !!process.env.DOCKER_HOST
const hasRegistry = fs.existsSync(REGISTRY_BIN)
if (hasDocker && !hasRegistry) console.warn(`registry pull tests skipped: ${REGISTRY_BIN} is missing (apt-get install docker-registry; .ci/run does)`)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

function follow(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, events: { error?: string }[]) => {
      const bad = err ?? events.find((e) => e.error)
      if (bad) reject(bad instanceof Error ? bad : new Error(bad.error))
      else resolve()
    }),
  )
}

describe.skipIf(!hasDocker || !hasRegistry)('session images from an authenticated registry', () => {
  const docker = new Docker()
  const bus = new InProcessBus()
  const S = createSubjects(`t${randomUUID().slice(0, 8)}`)
  const USER = 'farm'
  const PASS = `pw-${randomUUID()}`
  let dir: string
  let project: string
  let registry: ChildProcess
  let host: string
  let t: TestDatabase
  let store: DataStore
  const pushed: string[] = []

  const orchestrator = (env: NodeJS.ProcessEnv, dockerConfigDir?: string) =>
    new RuntimeOrchestrator({ docker, store, db: t.db, bus, subjects: S, follow: false, registry: { env, dockerConfigDir: dockerConfigDir ?? path.join(dir, 'no-docker-config') } })

  /** A fresh repository in the registry holding the test image, absent from the engine. */
  async function pushedImage(): Promise<string> {
    const repo = `${host}/slate/rt-${randomUUID().slice(0, 8)}`
    await docker.getImage(BASE).tag({ repo, tag: 'v1' })
    const image = docker.getImage(`${repo}:v1`)
    await follow(docker, (await image.push({ authconfig: { username: USER, password: PASS, serveraddress: host } })) as NodeJS.ReadableStream)
    await image.remove()
    pushed.push(`${repo}:v1`)
    return `${repo}:v1`
  }

  beforeAll(async () => {
    execFileSync('sh', [path.join(__dirname, '../../test/docker/build-runtime-image.sh')], { stdio: 'inherit' })
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-registry-'))
    project = path.join(dir, 'project')
    fs.mkdirSync(project)
    const port = await freePort()
    host = `127.0.0.1:${port}`
    fs.writeFileSync(path.join(dir, 'htpasswd'), `${USER}:${bcrypt.hashSync(PASS, 8)}\n`)
    fs.writeFileSync(
      path.join(dir, 'config.yml'),
      ['version: 0.1', 'log: { level: error }', `storage: { filesystem: { rootdirectory: ${dir}/data } }`, `http: { addr: "${host}" }`, `auth: { htpasswd: { realm: slate-test, path: ${dir}/htpasswd } }`, ''].join('\n'),
    )
    registry = spawn(REGISTRY_BIN, ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' })
    await waitFor(async () => (await fetch(`http://${host}/v2/`).then((r) => r.status, () => 0)) === 401, 'the registry to answer', 20_000, 50)
    t = await createTestDatabase('slate_test_registry')
    await migrate(t.db)
    store = new DataStore({ primary: t.db, local: null, cache: new MemoryCache(`t-${randomUUID()}:`), bus, subjects: S, clientId: 'test' })
  }, 120_000)

  afterAll(async () => {
    for (const name of pushed) await docker.getImage(name).remove({ force: true }).catch(() => undefined)
    registry?.kill()
    await store?.close()
    await t?.drop()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('pulls with the credentials in the environment; the session row never holds them', async () => {
    const image = await pushedImage()
    const orch = orchestrator({ SLATE_REGISTRY_USERNAME: USER, SLATE_REGISTRY_PASSWORD: PASS, SLATE_REGISTRY_HOST: host })
    const s = await orch.start({ sessionId: randomUUID(), projectRoot: project, image, command: ['/bin/sh', '-c', 'echo pulled'] })
    expect(s.status).toBe('running')
    await docker.getImage(image).inspect() // it is on the engine now
    const row = await store.runtimeSessions.get(s.id)
    expect(JSON.stringify(row)).not.toContain(PASS)
    await orch.stop(s.id)
  }, 60_000)

  it('without credentials, or with wrong ones, the start fails and says why and what to do', async () => {
    const image = await pushedImage()
    const anonymous = orchestrator({})
    const e1 = await anonymous.start({ sessionId: randomUUID(), projectRoot: project, image }).catch((e: Error) => e)
    expect(String(e1)).toMatch(new RegExp(`pulling it from ${host.replace('.', '\\.')} failed: .*docker login`))
    const wrong = orchestrator({ SLATE_REGISTRY_USERNAME: USER, SLATE_REGISTRY_PASSWORD: 'nope' })
    const e2 = (await wrong.start({ sessionId: randomUUID(), projectRoot: project, image }).catch((e: Error) => e)) as Error & { session?: { status: string; errorMessage: string } }
    expect(e2.message).toMatch(/refused the credentials/)
    expect(e2.session?.status).toBe('failed')
    expect(e2.session?.errorMessage).not.toContain('nope')
  }, 60_000)

  it("reads docker login's credential helper (the OS keychain's way in) from Docker's config.json", async () => {
    const image = await pushedImage()
    const bin = path.join(dir, 'bin')
    const cfg = path.join(dir, 'docker-config')
    fs.mkdirSync(bin, { recursive: true })
    fs.mkdirSync(cfg, { recursive: true })
    // the credential-helper protocol: the server on stdin, {ServerURL, Username, Secret} on stdout
    const helper = path.join(bin, 'docker-credential-slatetest')
    fs.writeFileSync(helper, `#!/bin/sh\nread server\n[ "$1" = get ] && [ "$server" = "${host}" ] && printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASS}"}' "$server" && exit 0\necho "credentials not found in native keychain"; exit 1\n`, { mode: 0o755 })
    fs.writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ credHelpers: { [host]: 'slatetest' } }))
    const orch = orchestrator({ PATH: `${bin}:${process.env.PATH}` }, cfg)
    const s = await orch.start({ sessionId: randomUUID(), projectRoot: project, image, command: ['/bin/sh', '-c', 'echo ok'] })
    expect(s.status).toBe('running')
    await orch.stop(s.id)
  }, 60_000)
})
