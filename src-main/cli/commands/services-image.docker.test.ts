import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import net from 'node:net'
import path from 'node:path'
import readline from 'node:readline'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkStored, openLogFixture, publishLines, type LogFixture } from '../../../test/runtime/log-fixture'
import { waitFor } from '../../store/testing/test-database'

/**
 * resources/container/Containerfile, built and run as a team would run it: the image of
 * `slate services` (read-only root filesystem, every capability dropped, its own user) against the
 * team PostgreSQL and NATS, storing the log lines published to it and stopping cleanly on SIGTERM.
 */
const hasDocker = !!process.env.DOCKER_HOST
const TAG = 'slate-services:test'

async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as net.AddressInfo).port
  await new Promise((r) => s.close(r))
  return port
}

describe.skipIf(!hasDocker)('the slate services container image', { timeout: 120_000 }, () => {
  const docker = new Docker()
  const name = `slate-services-test-${randomUUID().slice(0, 8)}`
  const volume = `${name}-data`
  let f: LogFixture
  let port: number
  let logs: ChildProcess | null = null
  const out: string[] = []
  const waiters: { match: RegExp; resolve: (line: string) => void; reject: (err: Error) => void }[] = []
  let ended: Error | null = null

  /** the next (or an earlier) line of the container's output that matches; fails when its output ends first */
  const outputLine = (match: RegExp) => {
    const seen = out.find((l) => match.test(l))
    if (seen) return Promise.resolve(seen)
    if (ended) return Promise.reject(ended)
    return new Promise<string>((resolve, reject) => waiters.push({ match, resolve, reject }))
  }

  beforeAll(async () => {
    execFileSync('sh', [path.join(__dirname, '../../../test/docker/build-services-image.sh'), TAG], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 })
    f = await openLogFixture(2)
    port = await freePort()
    // the test engine has no bridge network: the host's network reaches the loopback servers
    execFileSync('docker', [
      'run', '-d', '--name', name, '--network', 'host',
      '-e', `SLATE_DATABASE_URL=${f.t.url}`, '-e', 'SLATE_NATS_URL=nats://127.0.0.1:4222', '-e', `SLATE_SUBJECT_ROOT=${f.S.root}`,
      '--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '-v', `${volume}:/var/lib/slate`,
      TAG, '--only', 'logs,analytics', '--port', String(port), '--json',
    ])
    logs = spawn('docker', ['logs', '-f', name], { stdio: ['ignore', 'pipe', 'pipe'] })
    for (const stream of [logs.stdout!, logs.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        out.push(line)
        for (const w of waiters.filter((w) => w.match.test(line))) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(line)
        }
      })
    }
    logs.on('close', () => {
      ended = new Error(`the container's output ended; its last lines:\n${out.slice(-15).join('\n')}`)
      for (const w of waiters.splice(0)) w.reject(ended)
    })
  }, 900_000)

  afterAll(async () => {
    logs?.kill()
    await docker.getContainer(name).remove({ force: true }).catch(() => undefined)
    await docker.getVolume(volume).remove().catch(() => undefined)
    await f?.close()
  })

  it('starts as its own user on a read-only root, stores what is published, answers /healthz and /metrics, and drains on SIGTERM', async () => {
    const ready = JSON.parse(await outputLine(/^\{"ready":true/)) as { services: { name: string; ok: boolean }[]; subjectRoot: string }
    expect(ready.subjectRoot).toBe(f.S.root)
    expect(ready.services.map((s) => [s.name, s.ok])).toEqual([['logs', true], ['analytics', true]])
    const info = await docker.getContainer(name).inspect()
    expect(info.Config.User).toBe('10001:10001')
    expect(info.HostConfig.ReadonlyRootfs).toBe(true)
    expect(info.HostConfig.CapDrop).toEqual(['ALL'])

    publishLines(f, 0, 1500, 250)
    f.bus.publish(f.S.runtimeLog(f.sessions[0]), { lines: [{ id: randomUUID(), sessionId: f.sessions[0], level: 'error', message: 'NullReferenceException in the image test', timestamp: new Date().toISOString() }] })
    await f.bus.flush()
    await waitFor(async () => Number((await f.t.db.query<{ n: string }>('SELECT count(*) AS n FROM slate_runtime_logs')).rows[0].n) === 3001, 'every line stored by the container', 60_000, 100)
    const perSession = await checkStored(f, 1500)
    expect(perSession.map((s) => s.rows)).toEqual([1501, 1500])
    expect(perSession.every((s) => s.rows === s.distinct)).toBe(true)
    expect(perSession[1].inOrder).toBe(true)
    expect((await f.t.db.query("SELECT 1 FROM slate_runtime_logs WHERE level = 'error'")).rowCount).toBe(1)

    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true })
    // the rows are committed before the service counts them: wait for its count, then it must be exact
    const written = async () => [...(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).matchAll(/^slate_logs_lines_written_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0)
    await waitFor(async () => (await written()) >= 3001, 'the service counting what it wrote', 10_000, 100)
    expect(await written()).toBe(3001)

    await docker.getContainer(name).stop({ t: 30 })
    expect(await outputLine(/^\{"stopped":true/)).toBeTruthy()
    expect((await docker.getContainer(name).inspect()).State.ExitCode).toBe(0)
  })
})
