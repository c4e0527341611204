import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { credentialsFile, loadCredentials, saveCredentials, withIdentity } from './credentials-store'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-creds-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('stored team identity', () => {
  it('is written 0600 and read back', () => {
    saveCredentials(dir, { name: 'bob', role: 'artist', password: 'p@ss/word', postgres: { user: 'slate_u_bob' } })
    expect(fs.statSync(credentialsFile(dir)).mode & 0o777).toBe(0o600)
    expect(loadCredentials(dir)?.name).toBe('bob')
  })

  it('fills in team URLs that name no user, per server, and leaves others alone', () => {
    const c = loadCredentials(dir)
    expect(withIdentity('nats://team.example:4222', c, 'nats')).toBe('nats://bob:p%40ss%2Fword@team.example:4222')
    expect(withIdentity('postgres://db.example:5432/slate', c, 'postgres')).toBe('postgres://slate_u_bob:p%40ss%2Fword@db.example:5432/slate')
    expect(withIdentity('redis://ops:x@cache.example:6379', c, 'redis')).toBe('redis://ops:x@cache.example:6379')
    expect(withIdentity(undefined, c, 'nats')).toBeUndefined()
    expect(withIdentity('nats://team.example:4222', null, 'nats')).toBe('nats://team.example:4222')
  })

  it('refuses a credentials file that others can read', () => {
    fs.chmodSync(credentialsFile(dir), 0o644)
    expect(() => loadCredentials(dir)).toThrow(/readable by other users/)
  })
})

describe('stored team identity with an OS keychain', () => {
  it('is kept only encrypted when the host has a keychain', async () => {
    const { setSecretCodec, saveCredentials: save, loadCredentials: load, credentialsStorage } = await import('./credentials-store')
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-creds-kc-'))
    // A reversible stand-in for the OS keychain's encryption (safeStorage cannot run without Electron).
    setSecretCodec({ name: 'test keychain', encrypt: (t) => Buffer.from(Buffer.from(t).map((b) => b ^ 0x5a)), decrypt: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString() })
    try {
      save(d, { name: 'ana', role: 'lead', password: 'secret-123' })
      expect(credentialsStorage(d)).toBe('keychain')
      expect(fs.readFileSync(path.join(d, 'credentials.enc')).toString()).not.toContain('secret-123')
      expect(fs.existsSync(path.join(d, 'credentials.json'))).toBe(false)
      expect(load(d)?.password).toBe('secret-123')
    } finally {
      setSecretCodec(null)
      fs.rmSync(d, { recursive: true, force: true })
    }
  })
})
