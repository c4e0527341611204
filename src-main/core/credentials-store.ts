import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Where this machine keeps its team identity. The desktop app encrypts it with the OS keychain
 * (Electron's safeStorage, in the Electron glue); the CLI, where no keychain is reachable, keeps
 * it in a 0600 file in SLATE's data folder. Never in settings.json, which is plain.
 */
export interface StoredCredentials {
  name: string
  role: string
  password: string
  /** The identity's user name on each server (`slate team` writes them; default: name). */
  nats?: { user: string }
  postgres?: { user: string }
  redis?: { user: string }
  storedAt: string
}

/** The OS keychain, when the host has one (Electron's safeStorage); set once at start-up. */
export interface SecretCodec {
  name: string
  encrypt(text: string): Buffer
  decrypt(data: Buffer): string
}
let codec: SecretCodec | null = null
export function setSecretCodec(c: SecretCodec | null): void {
  codec = c
}

export function credentialsFile(dataDir: string): string {
  return path.join(dataDir, 'credentials.json')
}
const encryptedFile = (dataDir: string) => path.join(dataDir, 'credentials.enc')

function writeExclusive(file: string, data: string | Buffer): void {
  const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`
  fs.writeFileSync(tmp, data, { flag: 'wx', mode: 0o600 })
  fs.renameSync(tmp, file)
}

/** Stores the identity: encrypted by the OS keychain when there is one, else a 0600 file. */
export function saveCredentials(dataDir: string, c: Omit<StoredCredentials, 'storedAt'>): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const text = `${JSON.stringify({ ...c, storedAt: new Date().toISOString() }, null, 2)}\n`
  if (codec) {
    writeExclusive(encryptedFile(dataDir), codec.encrypt(text))
    fs.rmSync(credentialsFile(dataDir), { force: true })
    return `${encryptedFile(dataDir)} (encrypted by the ${codec.name})`
  }
  writeExclusive(credentialsFile(dataDir), text)
  return credentialsFile(dataDir)
}

export function clearCredentials(dataDir: string): void {
  fs.rmSync(credentialsFile(dataDir), { force: true })
  fs.rmSync(encryptedFile(dataDir), { force: true })
}

/** Where the stored identity lives, for the UI. */
export function credentialsStorage(dataDir: string): 'keychain' | 'file' | null {
  if (codec && fs.existsSync(encryptedFile(dataDir))) return 'keychain'
  return fs.existsSync(credentialsFile(dataDir)) ? 'file' : null
}

export function loadCredentials(dataDir: string): StoredCredentials | null {
  if (codec && fs.existsSync(encryptedFile(dataDir))) return JSON.parse(codec.decrypt(fs.readFileSync(encryptedFile(dataDir)))) as StoredCredentials
  try {
    const st = fs.statSync(credentialsFile(dataDir))
    // A file others can read is not trusted: the secret may have leaked; say so and ignore it.
    if ((st.mode & 0o077) !== 0) throw new Error(`${credentialsFile(dataDir)} is readable by other users: run \`slate login\` again`)
    return JSON.parse(fs.readFileSync(credentialsFile(dataDir), 'utf8')) as StoredCredentials
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/**
 * A team URL with this machine's identity filled in, when the URL names no user of its own: the
 * settings and environment hold only addresses, the secret stays in the credentials file.
 */
export function withIdentity(url: string | undefined, creds: StoredCredentials | null, server: 'nats' | 'postgres' | 'redis'): string | undefined {
  if (!url || !creds) return url
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return url // not a URL we can add to; the data layer reports it
  }
  if (u.username || u.password) return url
  u.username = encodeURIComponent(creds[server]?.user ?? creds.name)
  u.password = encodeURIComponent(creds.password)
  return u.toString()
}
