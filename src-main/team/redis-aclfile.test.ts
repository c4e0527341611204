import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initTeam, removeUser } from './team-files'

const hasRedis = fs.existsSync('/usr/bin/redis-server')

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

/**
 * A redis-server of its own, started on the ACL file `slate team init` wrote (the file, not rules
 * replayed with ACL SETUSER), then reloaded after `remove-user` rewrote it.
 */
describe.skipIf(!hasRedis)('Redis started on the ACL file slate team init writes', () => {
  let dir: string
  let server: ChildProcess
  let port: number
  let creds: { name: string; password: string }[]
  const clients: Redis[] = []

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-team-redis-'))
    creds = initTeam(path.join(dir, 'team'), ['dev1:developer', 'view1:viewer']).users
    port = await freePort()
    server = await startRedis()
  }, 30_000)

  /** redis-server on the team's ACL file; resolves once it says it is ready, rejects with its output if it exits. */
  async function startRedis(): Promise<ChildProcess> {
    const p = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--aclfile', path.join(dir, 'team', 'redis.acl')], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    await new Promise<void>((resolve, reject) => {
      p.stdout!.on('data', (c: Buffer) => {
        out += c.toString()
        if (/Ready to accept connections/.test(out)) resolve()
      })
      p.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out.slice(-600)}`)))
    })
    return p
  }

  afterAll(async () => {
    for (const c of clients) c.disconnect()
    server?.kill('SIGKILL')
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const as = async (name: string | null, password?: string) => {
    const c = new Redis({ host: '127.0.0.1', port, ...(name ? { username: name, password } : {}), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    clients.push(c)
    const failed = new Promise<string>((resolve) => c.once('error', (e: Error) => resolve(e.message)))
    const ok = await c.connect().then(() => true, () => false)
    return { c, ok, failed }
  }
  const pw = (n: string) => creds.find((u) => u.name === n)!.password

  it('refuses the default user, keeps each identity to the key prefix, viewers to reading', async () => {
    const anon = await as(null)
    // the default user is off: a client without credentials cannot even finish connecting
    if (anon.ok) await expect(anon.c.get('slate:x')).rejects.toThrow(/NOAUTH|NOPERM/)
    else expect(await anon.failed).toMatch(/NOAUTH|NOPERM|closed/i)
    const dev = (await as('dev1', pw('dev1'))).c
    await dev.set('slate:project:1', 'boats')
    expect(await dev.get('slate:project:1')).toBe('boats')
    await expect(dev.set('other:key', 'x')).rejects.toThrow(/NOPERM/)
    await expect(dev.call('FLUSHALL')).rejects.toThrow(/NOPERM/)
    const viewer = (await as('view1', pw('view1'))).c
    expect(await viewer.get('slate:project:1')).toBe('boats')
    await expect(viewer.set('slate:project:1', 'x')).rejects.toThrow(/NOPERM/)
  })

  it('after remove-user rewrote the file and the server loaded it again, the removed identity is refused', async () => {
    removeUser(path.join(dir, 'team'), 'view1')
    server.kill('SIGKILL')
    await new Promise((r) => server.once('exit', r))
    server = await startRedis()
    const gone = await as('view1', pw('view1'))
    expect(gone.ok).toBe(false)
    expect(await gone.failed).toMatch(/WRONGPASS|disabled/i)
    expect((await as('dev1', pw('dev1'))).ok).toBe(true)
  }, 30_000)
})
