/**
 * "Test connection" for each team server: one real connection with a short timeout, closed
 * right after, with the answer in words.
 */
import { settingProblem, type SettingKey } from './settings-check'

export interface ConnectionTest {
  ok: boolean
  message: string
  ms: number
}

const TIMEOUT_MS = 3000

async function tryPostgres(url: string): Promise<void> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS, statement_timeout: TIMEOUT_MS })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.query('SELECT 1')
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function tryRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis')
  const r = new Redis(url, { lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
  r.on('error', () => undefined)
  try {
    await r.connect()
    await r.ping()
  } finally {
    r.disconnect()
  }
}

async function tryNats(url: string): Promise<void> {
  const { connect } = await import('@nats-io/transport-node')
  const nc = await connect({ servers: url.split(',').map((s) => s.trim()), timeout: TIMEOUT_MS, reconnect: false, maxReconnectAttempts: 0 })
  try {
    await nc.flush()
  } finally {
    await nc.close().catch(() => undefined)
  }
}

const NAMES: Record<SettingKey, string> = { databaseUrl: 'the database', redisUrl: 'Redis', natsUrl: 'NATS', unityPath: 'the Unity editor' }

export async function testSetting(key: SettingKey, value: string): Promise<ConnectionTest> {
  const t0 = Date.now()
  const v = value.trim()
  if (!v) return { ok: true, message: key === 'unityPath' ? 'Empty: Unity Hub’s folders and UNITY_PATH are used.' : 'Empty: SLATE uses its embedded default.', ms: 0 }
  const problem = settingProblem(key, v)
  if (problem) return { ok: false, message: problem, ms: Date.now() - t0 }
  if (key === 'unityPath') return { ok: true, message: 'This is a Unity editor.', ms: Date.now() - t0 }
  const attempt = key === 'databaseUrl' ? tryPostgres(v) : key === 'redisUrl' ? tryRedis(v) : tryNats(v)
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await Promise.race([attempt, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS + 500)))])
    return { ok: true, message: `Connected to ${NAMES[key]}.`, ms: Date.now() - t0 }
  } catch (err) {
    attempt.catch(() => undefined)
    const why = err instanceof Error ? err.message : String(err)
    return { ok: false, message: `Could not connect to ${NAMES[key]} at ${v.replace(/\/\/([^:@/]*)(:[^@/]*)?@/, '//$1@')}: ${why || 'refused'}.`, ms: Date.now() - t0 }
  } finally {
    clearTimeout(timer)
  }
}
