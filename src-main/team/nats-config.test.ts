import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSubjects } from '../bus/subjects'
import { JetStreamWorkQueue } from '../bus/jetstream'
import { natsPasswordHash, renderNatsConf } from './nats-config'
import type { Role } from './roles'

/**
 * The generated nats.conf in a real nats-server started by this test on a free loopback port:
 * anonymous connections are refused, and each role can do what it may and gets the server's own
 * permission error for the rest.
 */
const S = createSubjects('slate')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-nats-team-'))
const users: { name: string; role: Role; password: string }[] = (['lead', 'developer', 'artist', 'viewer', 'worker', 'services'] as Role[]).map((role) => ({
  name: `${role}-user`,
  role,
  password: `pw-${role}-${Math.random().toString(36).slice(2)}`,
}))
let server: ChildProcess
let port: number
const open: NatsConnection[] = []
const consumers: { stop(): Promise<void> }[] = []

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

async function as(role: Role): Promise<NatsConnection> {
  const u = users.find((x) => x.role === role)!
  const nc = await connect({ servers: `127.0.0.1:${port}`, user: u.name, pass: u.password, reconnect: false })
  open.push(nc)
  return nc
}

/** The server's permission error for the next operation, as the client reports it. */
async function permissionError(nc: NatsConnection, op: () => void): Promise<string> {
  const status = (async () => {
    for await (const s of nc.status()) {
      const e = s as { type: string; error?: Error; permissionContext?: unknown }
      if (e.type === 'error' && /permission/i.test(String(e.error))) return String(e.error)
    }
    return ''
  })()
  op()
  await nc.flush()
  return status
}

beforeAll(async () => {
  port = await freePort()
  const conf = renderNatsConf(
    users.map((u) => ({ ...u, passwordHash: natsPasswordHash(u.password) })),
    S,
    { host: '127.0.0.1', port, storeDir: path.join(dir, 'js') },
  )
  fs.writeFileSync(path.join(dir, 'nats.conf'), conf)
  server = spawn('nats-server', ['-c', path.join(dir, 'nats.conf')], { stdio: ['ignore', 'pipe', 'pipe'] })
  // Ready when the server says so on its log.
  await new Promise<void>((resolve, reject) => {
    let out = ''
    const onData = (d: Buffer) => {
      out += d
      if (out.includes('Server is ready')) resolve()
    }
    server.stderr!.on('data', onData)
    server.stdout!.on('data', onData)
    server.once('exit', (code) => reject(new Error(`nats-server exited (${code}):\n${out}`)))
  })
}, 60_000)

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()))
  await Promise.all(open.map((nc) => nc.close().catch(() => undefined)))
  server?.kill()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('team nats.conf', () => {
  it('refuses anonymous connections and wrong passwords', async () => {
    await expect(connect({ servers: `127.0.0.1:${port}`, reconnect: false })).rejects.toThrow(/authoriz/i)
    await expect(connect({ servers: `127.0.0.1:${port}`, user: 'artist-user', pass: 'wrong', reconnect: false })).rejects.toThrow(/authoriz/i)
  })

  it('lets an artist read builds but not publish builds or container commands', async () => {
    const artist = await as('artist')
    const lead = await as('lead')
    // allowed: the artist subscribes to a build's progress and receives what the lead publishes
    const sub = artist.subscribe(S.buildProgress('job1'), { max: 1 })
    await artist.flush()
    const got = (async () => {
      for await (const m of sub) return m.string()
    })()
    lead.publish(S.buildProgress('job1'), 'halfway')
    expect(await got).toBe('halfway')
    // denied: publishing on builds, the farm queue and containers
    expect(await permissionError(artist, () => artist.publish(S.buildJob('job1', 'created'), '{}'))).toMatch(/publish/i)
    expect(await permissionError(artist, () => artist.publish(S.buildQueue('StandaloneLinux64'), '{}'))).toMatch(/publish/i)
    expect(await permissionError(artist, () => artist.publish(S.container('start', 'c1'), '{}'))).toMatch(/publish/i)
  })

  it('lets a developer submit builds and start containers; a viewer only reads', async () => {
    const dev = await as('developer')
    const lead = await as('lead')
    const sub = lead.subscribe(S.container('start', 'c2'), { max: 1 })
    await lead.flush()
    const got = (async () => {
      for await (const m of sub) return m.string()
    })()
    dev.publish(S.container('start', 'c2'), 'go')
    expect(await got).toBe('go')
    const viewer = await as('viewer')
    expect(await permissionError(viewer, () => viewer.publish(S.asset('a1', 'updated'), '{}'))).toMatch(/publish/i)
  })

  it('lets a worker report its jobs but subscribe to nothing outside its inbox', async () => {
    const worker = await as('worker')
    const lead = await as('lead')
    const sub = lead.subscribe(S.buildLog('job9'), { max: 1 })
    await lead.flush()
    const got = (async () => {
      for await (const m of sub) return m.string()
    })()
    worker.publish(S.buildLog('job9'), 'line 1')
    expect(await got).toBe('line 1')
    expect(await permissionError(worker, () => worker.subscribe(S.projectAll()))).toMatch(/subscri/i)
    expect(await permissionError(worker, () => worker.publish(S.container('start', 'c3'), '{}'))).toMatch(/publish/i)
  })

  it('lets a worker take a build from the JetStream queue that the services machine fills', async () => {
    const services = await as('services')
    const worker = await as('worker')
    const producer = await JetStreamWorkQueue.open<{ n: number }>(services, S)
    const target = `Team${Date.now()}`
    await producer.enqueue(target, { n: 42 }, { id: `job-${target}` })
    const queue = await JetStreamWorkQueue.open<{ n: number }>(worker, S)
    const got = await new Promise<number>((resolve, reject) => {
      queue.consume(async (item) => resolve(item.data.n), { targets: [target] }).then((c) => consumers.push(c), reject)
    })
    expect(got).toBe(42)
  })
})

