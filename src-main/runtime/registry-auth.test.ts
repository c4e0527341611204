import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { withDefaultTag } from './image-pull'
import { registryAuthFor, registryOf } from './registry-auth'

const dirs: string[] = []
function dockerConfig(config: unknown | string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-docker-config-'))
  dirs.push(dir)
  fs.writeFileSync(path.join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config))
  return dir
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

describe('registry credentials', () => {
  it('tells the registry host from a Docker Hub name', () => {
    expect(registryOf('ubuntu')).toBe('docker.io')
    expect(registryOf('library/ubuntu:22.04')).toBe('docker.io')
    expect(registryOf('registry.example.com/team/server:1')).toBe('registry.example.com')
    expect(registryOf('127.0.0.1:5000/x')).toBe('127.0.0.1:5000')
    expect(registryOf('localhost/x')).toBe('localhost')
    expect(withDefaultTag('127.0.0.1:5000/team/server')).toBe('127.0.0.1:5000/team/server:latest')
    expect(withDefaultTag('127.0.0.1:5000/team/server:v2')).toBe('127.0.0.1:5000/team/server:v2')
    expect(withDefaultTag('a/b@sha256:00')).toBe('a/b@sha256:00')
  })

  it('takes the environment first, scoped to SLATE_REGISTRY_HOST when set', async () => {
    const env = { SLATE_REGISTRY_USERNAME: 'u', SLATE_REGISTRY_PASSWORD: 'p', SLATE_REGISTRY_HOST: 'reg.example.com' }
    const none = path.join(os.tmpdir(), 'slate-no-such-docker-config')
    expect(await registryAuthFor('reg.example.com/a:1', { env, dockerConfigDir: none })).toEqual({ serveraddress: 'reg.example.com', username: 'u', password: 'p' })
    expect(await registryAuthFor('other.example.com/a:1', { env, dockerConfigDir: none })).toBeNull()
    expect(await registryAuthFor('a:1', { env: { SLATE_REGISTRY_TOKEN: 't' }, dockerConfigDir: none })).toEqual({ serveraddress: 'docker.io', identitytoken: 't' })
    await expect(registryAuthFor('a', { env: { SLATE_REGISTRY_USERNAME: 'u' }, dockerConfigDir: none })).rejects.toThrow(/without SLATE_REGISTRY_PASSWORD/)
  })

  it("reads docker login's auths, Docker Hub under its v1 URL", async () => {
    const auth = Buffer.from('me:se:cret').toString('base64')
    const dir = dockerConfig({ auths: { 'https://index.docker.io/v1/': { auth }, 'reg.example.com': { identitytoken: 'tok' } } })
    expect(await registryAuthFor('team/server', { env: {}, dockerConfigDir: dir })).toEqual({ serveraddress: 'docker.io', username: 'me', password: 'se:cret' })
    expect(await registryAuthFor('reg.example.com/x', { env: {}, dockerConfigDir: dir })).toEqual({ serveraddress: 'reg.example.com', identitytoken: 'tok' })
    expect(await registryAuthFor('nobody.example.com/x', { env: {}, dockerConfigDir: dir })).toBeNull()
  })

  it('asks the credential helper; "not found" means anonymous, a bad name or bad JSON is an error', async () => {
    const dir = dockerConfig({ credsStore: 'desktop', credHelpers: { 'reg.example.com': 'ecr-login' } })
    const asked: string[] = []
    const runHelper = async (helper: string, server: string) => {
      asked.push(`${helper} ${server}`)
      if (helper === 'ecr-login') return JSON.stringify({ ServerURL: server, Username: '<token>', Secret: 'idt' })
      throw new Error('credentials not found in native keychain')
    }
    expect(await registryAuthFor('reg.example.com/x', { env: {}, dockerConfigDir: dir, runHelper })).toEqual({ serveraddress: 'reg.example.com', identitytoken: 'idt' })
    expect(await registryAuthFor('ubuntu', { env: {}, dockerConfigDir: dir, runHelper })).toBeNull()
    expect(asked).toEqual(['ecr-login reg.example.com', 'desktop https://index.docker.io/v1/'])
    await expect(registryAuthFor('ubuntu', { env: {}, dockerConfigDir: dockerConfig({ credsStore: '../../bin/sh' }), runHelper })).rejects.toThrow(/not a credential helper name/)
    await expect(registryAuthFor('ubuntu', { env: {}, dockerConfigDir: dockerConfig({ credsStore: 'x' }), runHelper: async () => 'oops' })).rejects.toThrow(/not JSON/)
    await expect(registryAuthFor('ubuntu', { env: {}, dockerConfigDir: dockerConfig('{nope') })).rejects.toThrow(/not valid JSON/)
  })
})
