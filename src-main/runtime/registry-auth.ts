import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * Credentials for pulling a session's image from the team's registry. They come from the
 * environment or from what `docker login` keeps — Docker's config.json and its credential helpers,
 * which is how the OS keychain is reached (osxkeychain, wincred, secretservice, pass) — and are
 * handed to the engine for one pull. SLATE never writes them anywhere: not the session row
 * (container_config has the image name only), not a log line.
 */
export interface RegistryAuth {
  serveraddress: string
  username?: string
  password?: string
  identitytoken?: string
}

export interface RegistryAuthEnv {
  env: NodeJS.ProcessEnv
  /** Docker's config folder (DOCKER_CONFIG, else ~/.docker) */
  dockerConfigDir?: string
  /** runs `docker-credential-<helper> get` (default: found on env.PATH) */
  runHelper?: (helper: string, server: string) => Promise<string>
}

/** The registry host an image name points at: `host[:port]/…` when the first part looks like a host, else Docker Hub. */
export function registryOf(image: string): string {
  const first = image.split('/')[0]
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first
  return 'docker.io'
}

/** Docker Hub is keyed by this URL in config.json; every other registry by its host. */
const HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']

export class RegistryAuthError extends Error {
  readonly code = 'registry_auth'
}

/**
 * What to send for `image`, or null to pull anonymously. Order: SLATE_REGISTRY_USERNAME and
 * SLATE_REGISTRY_PASSWORD (or SLATE_REGISTRY_TOKEN, an identity token) — for every registry, or
 * only for SLATE_REGISTRY_HOST when that is set —, then config.json's credHelpers, credsStore
 * and auths for that registry.
 */
export async function registryAuthFor(image: string, o: RegistryAuthEnv): Promise<RegistryAuth | null> {
  const server = registryOf(image)
  const { env } = o
  const scoped = env.SLATE_REGISTRY_HOST?.trim()
  if ((env.SLATE_REGISTRY_USERNAME || env.SLATE_REGISTRY_TOKEN) && (!scoped || scoped === server)) {
    if (env.SLATE_REGISTRY_TOKEN) return { serveraddress: server, identitytoken: env.SLATE_REGISTRY_TOKEN }
    if (!env.SLATE_REGISTRY_PASSWORD) throw new RegistryAuthError('SLATE_REGISTRY_USERNAME is set without SLATE_REGISTRY_PASSWORD')
    return { serveraddress: server, username: env.SLATE_REGISTRY_USERNAME, password: env.SLATE_REGISTRY_PASSWORD }
  }
  const config = readDockerConfig(o.dockerConfigDir ?? env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'))
  if (!config) return null
  const keys = server === 'docker.io' ? HUB_KEYS : [server, `https://${server}`, `http://${server}`]
  const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean) ?? config.credsStore
  if (helper) {
    const fromHelper = await fromCredentialHelper(helper, keys[0], server, o.runHelper ?? ((h, k) => runCredentialHelper(h, k, env)))
    if (fromHelper) return fromHelper
  }
  for (const k of keys) {
    const entry = config.auths?.[k]
    if (!entry) continue
    if (entry.identitytoken) return { serveraddress: server, identitytoken: entry.identitytoken }
    if (entry.auth) {
      const text = Buffer.from(entry.auth, 'base64').toString('utf8')
      const colon = text.indexOf(':')
      if (colon > 0) return { serveraddress: server, username: text.slice(0, colon), password: text.slice(colon + 1) }
    }
    if (entry.username && entry.password) return { serveraddress: server, username: entry.username, password: entry.password }
  }
  return null
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; identitytoken?: string; username?: string; password?: string }>
  credHelpers?: Record<string, string>
  credsStore?: string
}

function readDockerConfig(dir: string): DockerConfig | null {
  let text: string
  try {
    text = fs.readFileSync(path.join(dir, 'config.json'), 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = JSON.parse(text) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as DockerConfig) : null
  } catch {
    throw new RegistryAuthError(`${path.join(dir, 'config.json')} is not valid JSON`)
  }
}

async function fromCredentialHelper(helper: string, key: string, server: string, run: (helper: string, key: string) => Promise<string>): Promise<RegistryAuth | null> {
  if (!/^[A-Za-z0-9_-]+$/.test(helper)) throw new RegistryAuthError(`"${helper}" is not a credential helper name`)
  let out: string
  try {
    out = await run(helper, key)
  } catch (err) {
    // "credentials not found" is the helper's way of saying: nothing stored for this registry
    if (/not found/i.test(String((err as Error).message))) return null
    throw new RegistryAuthError(`docker-credential-${helper} failed: ${(err as Error).message}`)
  }
  let c: { Username?: string; Secret?: string }
  try {
    c = JSON.parse(out) as { Username?: string; Secret?: string }
  } catch {
    throw new RegistryAuthError(`docker-credential-${helper} printed something that is not JSON`)
  }
  if (!c.Secret) return null
  // Docker's convention: a helper that answers with the user "<token>" holds an identity token
  if (c.Username === '<token>') return { serveraddress: server, identitytoken: c.Secret }
  return { serveraddress: server, username: c.Username, password: c.Secret }
}

function runCredentialHelper(helper: string, server: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 15_000, maxBuffer: 1 << 20, env }, (err, stdout, stderr) => {
      if (err) reject(new Error((stdout || stderr || err.message).trim()))
      else resolve(stdout)
    })
    child.stdin?.end(server)
  })
}
