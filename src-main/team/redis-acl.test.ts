import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { redisAclRules, redisPasswordHash, renderRedisAcl } from './redis-acl'

/**
 * The generated ACL rules applied to the loopback Redis (as ACL SETUSER, since this server was not
 * started with our aclfile), under user names and a key prefix unique to this run, deleted again.
 */
const run = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const prefix = `slate-test-${run}:`
const users = [
  { name: `${run}-dev`, role: 'developer' as const, passwordSha256: redisPasswordHash('dev-pw') },
  { name: `${run}-viewer`, role: 'viewer' as const, passwordSha256: redisPasswordHash('viewer-pw') },
]
const admin = new Redis('redis://127.0.0.1:6379', { lazyConnect: true })
const clients: Redis[] = []

async function as(name: string, password: string): Promise<Redis> {
  const c = new Redis({ host: '127.0.0.1', port: 6379, username: name, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  clients.push(c)
  await c.connect()
  return c
}

afterAll(async () => {
  for (const c of clients) c.disconnect()
  for (const u of users) await admin.call('ACL', 'DELUSER', u.name)
  const keys = await admin.keys(`${prefix}*`)
  if (keys.length) await admin.del(...keys)
  admin.disconnect()
})

describe('team Redis ACL', () => {
  it('writes the default user off and one user per identity', () => {
    const acl = renderRedisAcl(users, prefix)
    expect(acl).toMatch(/^user default off nopass nocommands$/m)
    expect(acl).toContain(`user ${run}-dev on resetpass #`)
    expect(acl).not.toContain('dev-pw')
  })

  it('limits each user to the key prefix, and viewers to reading', async () => {
    await admin.connect()
    for (const u of users) await admin.call('ACL', 'SETUSER', u.name, 'reset', ...redisAclRules(u, prefix))
    const dev = await as(users[0].name, 'dev-pw')
    await dev.set(`${prefix}project:1`, 'boats')
    expect(await dev.get(`${prefix}project:1`)).toBe('boats')
    await expect(dev.set('other-app:key', 'x')).rejects.toThrow(/NOPERM/)
    await expect(dev.call('FLUSHALL')).rejects.toThrow(/NOPERM/)
    const viewer = await as(users[1].name, 'viewer-pw')
    expect(await viewer.get(`${prefix}project:1`)).toBe('boats')
    await expect(viewer.set(`${prefix}project:1`, 'x')).rejects.toThrow(/NOPERM/)
    // A wrong password: the server refuses the AUTH (ioredis reports it as an error event).
    const wrong = new Redis({ host: '127.0.0.1', port: 6379, username: users[1].name, password: 'wrong', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    clients.push(wrong)
    const refused = new Promise<string>((resolve) => wrong.once('error', (e: Error) => resolve(e.message)))
    await wrong.connect().catch(() => undefined)
    expect(await refused).toMatch(/WRONGPASS/)
  })
})
