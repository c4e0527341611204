import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SlateCore } from '../host/slate-core'
import { dispatch } from '../api/registry'
import { settingProblem } from './settings-check'
import { testSetting } from './settings-connect'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-settings-check-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const port = (srv.address() as net.AddressInfo).port
  await new Promise<void>((resolve) => srv.close(() => resolve()))
  return port
}

describe('settings are checked before they are saved', () => {
  it('a URL must parse and have its server’s scheme', () => {
    expect(settingProblem('databaseUrl', 'not a url')).toMatch(/is not a URL: write a PostgreSQL URL/)
    expect(settingProblem('databaseUrl', 'redis://h:6379')).toMatch(/starts with redis:\/\/ but a PostgreSQL URL starts with postgres:\/\/ or postgresql:\/\//)
    expect(settingProblem('redisUrl', 'redis://cache:6379')).toBeNull()
    expect(settingProblem('natsUrl', 'nats://a:4222, nats://b:4222')).toBeNull()
    expect(settingProblem('natsUrl', 'nats://a:4222,b:4222')).not.toBeNull()
    expect(settingProblem('databaseUrl', '')).toBeNull()
  })

  it('the Unity path must exist and be an editor', () => {
    expect(settingProblem('unityPath', path.join(tmp, 'nope'))).toMatch(/^Nothing is at /)
    expect(settingProblem('unityPath', 'relative/Unity')).toMatch(/not a full path/)
    const notUnity = path.join(tmp, 'notes.txt')
    fs.writeFileSync(notUnity, 'x')
    expect(settingProblem('unityPath', notUnity)).toMatch(/not the Unity editor/)
    const version = path.join(tmp, 'Hub', 'Editor', '2022.3.10f1', 'Editor')
    fs.mkdirSync(version, { recursive: true })
    fs.writeFileSync(path.join(version, 'Unity'), '#!/bin/sh\n', { mode: 0o755 })
    expect(settingProblem('unityPath', path.join(version, 'Unity'))).toBeNull()
    expect(settingProblem('unityPath', path.join(tmp, 'Hub', 'Editor'))).toBeNull()
    expect(settingProblem('unityPath', tmp)).toMatch(/folder without a Unity editor/)
  })

  it('settings.set refuses a bad value with the problem per field, and saves nothing', async () => {
    const core = new SlateCore({ runtime: 'electron', dataDir: fs.mkdtempSync(path.join(tmp, 'core-')) })
    await core.init()
    const out = await dispatch(core, 'settings.set', { databaseUrl: 'not a url', unityPath: path.join(tmp, 'nope') })
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid_argument', details: { fields: { databaseUrl: expect.stringContaining('not a URL'), unityPath: expect.stringContaining('Nothing is at') } } } })
    expect(core.settings.settings.databaseUrl ?? '').toBe('')
    expect(await dispatch(core, 'settings.set', { redisUrl: 'redis://127.0.0.1:6379' })).toMatchObject({ ok: true })
    await core.dispose()
  })
})

describe('Test connection, against the servers on loopback', () => {
  it('connects to the real PostgreSQL, Redis and NATS', async () => {
    expect(await testSetting('databaseUrl', 'postgres://postgres@127.0.0.1:5432/test')).toMatchObject({ ok: true, message: 'Connected to the database.' })
    expect(await testSetting('redisUrl', 'redis://127.0.0.1:6379')).toMatchObject({ ok: true })
    expect(await testSetting('natsUrl', 'nats://127.0.0.1:4222')).toMatchObject({ ok: true })
  })

  it('says it could not connect where nothing listens, within its short timeout', async () => {
    const port = await closedPort()
    for (const [key, url] of [
      ['databaseUrl', `postgres://u@127.0.0.1:${port}/x`],
      ['redisUrl', `redis://127.0.0.1:${port}`],
      ['natsUrl', `nats://127.0.0.1:${port}`],
    ] as const) {
      const r = await testSetting(key, url)
      expect(r.ok, key).toBe(false)
      expect(r.message).toMatch(/^Could not connect to /)
    }
    expect(await testSetting('databaseUrl', 'not a url')).toMatchObject({ ok: false, message: expect.stringContaining('not a URL') })
  })
})
