import { loadCredentials, withIdentity, type StoredCredentials } from '../core/credentials-store'
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import type { HealthReport, ServiceHealth } from '../../src-shared/types'
import type { DataStatus, JsonObject } from '../../src-shared/types-data'
import type { Bus } from '../bus/bus'
import { FallbackBus } from '../bus/fallback-bus'
import { InProcessBus } from '../bus/in-process-bus'
import { JetStreamWorkQueue } from '../bus/jetstream'
import { NatsBus } from '../bus/nats-bus'
import { createSubjects, type Subjects } from '../bus/subjects'
import { SwitchingWorkQueue } from '../bus/switching-work-queue'
import { InProcessWorkQueue, type WorkQueue } from '../bus/work-queue'
import type { Cache } from '../cache/cache'
import { startCacheInvalidation } from '../cache/invalidation'
import { MemoryCache } from '../cache/memory-cache'
import { RedisCache } from '../cache/redis-cache'
import { DataStore } from './data-store'
import { Database, isConnectionError } from './db'
import { dockerHealth } from './docker-health'
import { EmbeddedPostgres } from './embedded-postgres'
import { migrate, migrationStatus } from './migrations'

/** What a farm job on the build work queue carries; the builds feature may add fields. */
export interface BuildQueueItem extends JsonObject {
  jobId: string
}

export interface DataConfig {
  /** SLATE's data folder: the embedded cluster lives in <dataDir>/db */
  dataDir: string
  databaseUrl?: string
  replicaUrl?: string
  redisUrl?: string
  natsUrl?: string
  /** bus subject root (default "slate"); tests and benches use their own */
  subjectRoot?: string
  /** cache key prefix (default "slate:") */
  cachePrefix?: string
  /**
   * false: a read command (`slate status`): apply no migration and start no sync loop, so reading
   * the state never changes it. Default true.
   */
  migrate?: boolean
}

/** Environment first (ops set it), then the user's settings (the settings screen). */
export function dataConfigFrom(dataDir: string, settings: { databaseUrl?: string; redisUrl?: string; natsUrl?: string }): DataConfig {
  const env = process.env
  // The identity from `slate login` (core/credentials-store.ts) fills in URLs that name no user.
  let creds: StoredCredentials | null = null
  try {
    creds = loadCredentials(dataDir)
  } catch (err) {
    console.error(`slate: ${(err as Error).message}`)
  }
  return {
    dataDir,
    databaseUrl: withIdentity(env.SLATE_DATABASE_URL || settings.databaseUrl || undefined, creds, 'postgres'),
    replicaUrl: withIdentity(env.SLATE_DATABASE_REPLICA_URL || undefined, creds, 'postgres'),
    redisUrl: withIdentity(env.SLATE_REDIS_URL || settings.redisUrl || undefined, creds, 'redis'),
    natsUrl: withIdentity(env.SLATE_NATS_URL || settings.natsUrl || undefined, creds, 'nats'),
  }
}

/**
 * The data layer of one SLATE process: the store (repositories with caching, events and offline
 * routing), the cache, the bus and the build work queue.
 */
export interface DataServices {
  /** 'team' when a team database is configured (SLATE_DATABASE_URL or the setting), else 'embedded' */
  readonly mode: 'embedded' | 'team'
  readonly store: DataStore
  readonly cache: Cache
  readonly bus: Bus
  readonly subjects: Subjects
  /** moves to JetStream, with its running consumers, when NATS comes up after start (SwitchingWorkQueue) */
  readonly buildQueue: WorkQueue<BuildQueueItem>
  /** where writes go: the team database, or the embedded one in solo mode */
  readonly db: Database
  /** the embedded database: the whole store in solo mode, the offline mirror + outbox in team mode */
  readonly localDb: Database
  readonly embedded: EmbeddedPostgres
  health(): Promise<Omit<HealthReport, 'checkedAt'>>
  status(): Promise<DataStatus>
  close(): Promise<void>
}

const redact = (url: string) => url.replace(/\/\/([^:@/]*)(:[^@/]*)?@/, '//$1@')

export async function openDataServices(cfg: DataConfig): Promise<DataServices> {
  const closers: (() => Promise<void>)[] = []
  const team = Boolean(cfg.databaseUrl)
  const subjects = createSubjects(cfg.subjectRoot ?? 'slate')
  try {
    // The embedded database is always there: the store in solo mode, the mirror in team mode.
    const embedded = await EmbeddedPostgres.start({ dataDir: path.join(cfg.dataDir, 'db') })
    closers.push(() => embedded.stop())
    const localDb = new Database({ url: embedded.url, label: embedded.label, max: 8 })
    closers.push(() => localDb.close())
    const writes = cfg.migrate !== false
    if (writes) await migrate(localDb)

    let db = localDb
    let teamMigrateError: string | null = null
    if (team) {
      db = new Database({ url: cfg.databaseUrl!, replicaUrl: cfg.replicaUrl, label: `team PostgreSQL ${redact(cfg.databaseUrl!)}`, connectTimeoutMs: 3000 })
      closers.push(() => db.close())
      try {
        if (writes) await migrate(db)
      } catch (err) {
        // unreachable team server: start offline from the mirror; the sync loop migrates it later
        if (!isConnectionError(err)) throw err
        teamMigrateError = err instanceof Error ? err.message : String(err)
      }
    }

    let cache: Cache
    if (cfg.redisUrl) {
      const redis = new RedisCache(cfg.redisUrl, cfg.cachePrefix ?? 'slate:')
      await redis.ready(2000) // not ready = degraded cache, every read a miss, until it reconnects
      cache = redis
    } else cache = new MemoryCache(cfg.cachePrefix ?? 'slate:')
    closers.push(() => cache.close())

    let bus: Bus
    let buildQueue: WorkQueue<BuildQueueItem>
    let jetStreamError: string | null = null
    if (cfg.natsUrl) {
      const natsUrl = cfg.natsUrl
      const connectNats = () => NatsBus.connect({ url: natsUrl, name: `slate-${os.hostname()}` })
      try {
        const nats = await connectNats()
        bus = nats
        buildQueue = await JetStreamWorkQueue.open<BuildQueueItem>(nats.nc, subjects)
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err)
        console.error(`slate: NATS at ${redact(natsUrl)} is unreachable (${why}); using the in-process bus until it answers`)
        const fallback = new FallbackBus(connectNats, `NATS ${redact(natsUrl)}`, why)
        bus = fallback
        const switching = new SwitchingWorkQueue<BuildQueueItem>()
        buildQueue = switching
        // once NATS answers, the queue moves to JetStream whole: new work, waiting work and the
        // consumers (workers) already running (see SwitchingWorkQueue)
        fallback.onSwitch((nats) => {
          void JetStreamWorkQueue.open<BuildQueueItem>((nats as NatsBus).nc, subjects)
            .then((q) => switching.switchTo(q))
            .catch((e: Error) => {
              jetStreamError = e.message
              console.error(`slate: JetStream unavailable: ${e.message}; the build queue stays in memory`)
            })
        })
      }
    } else {
      bus = new InProcessBus()
      buildQueue = new InProcessWorkQueue()
    }
    closers.push(() => bus.close())
    const stopInvalidation = startCacheInvalidation(bus, subjects, cache)
    closers.push(async () => stopInvalidation())

    const store = new DataStore({
      primary: db,
      local: team ? localDb : null,
      cache,
      bus,
      subjects,
      clientId: randomUUID(),
      prepareRemote: team && writes ? async () => void (await migrate(db)) : undefined,
    })
    closers.push(() => store.close())
    if (team) {
      if (teamMigrateError) store.markOffline(new Error(teamMigrateError))
      await store.refreshPending().catch((err: unknown) => {
        if (writes) throw err
      })
      if (writes) store.startSyncLoop()
    }

    // 'team' means the team database: it is what decides where data lives, what is mirrored and what
    // waits in the outbox. Redis or NATS alone (a farm machine with its own database) stay 'embedded'
    // for data, with those servers as cache and bus (health shows them).
    const mode = team ? ('team' as const) : ('embedded' as const)
    const services: DataServices = {
      mode,
      store,
      cache,
      bus,
      subjects,
      buildQueue,
      db,
      localDb,
      embedded,
      async health() {
        const [database, cacheH, busReport, docker] = await Promise.all([db.health(), cache.health(), bus.health(), dockerHealth()])
        // NATS up but the build queue not on JetStream: other machines cannot see this one's queue
        const busH: ServiceHealth =
          bus.kind === 'nats' && buildQueue.kind !== 'jetstream' && jetStreamError
            ? { ...busReport, state: 'degraded', detail: `${busReport.detail}; build queue in memory (JetStream unavailable)`, error: jetStreamError }
            : busReport
        const s = store.syncState
        const dbH: ServiceHealth =
          team && database.state !== 'ok'
            ? { ...database, state: 'degraded', detail: `${database.detail}: unreachable, working from the local mirror` }
            : team && s.mirrorError
              ? { ...database, state: 'degraded', detail: `${database.detail}; the local mirror refused a copy (offline reads may lack it)`, error: s.mirrorError }
              : database
        return { mode, database: dbH, cache: cacheH, bus: busH, docker, pendingSync: s.pending }
      },
      async status() {
        const s = store.syncState
        const mig = await migrationStatus(db).catch(() => migrationStatus(localDb))
        return {
          mode,
          database: db.label,
          replica: cfg.replicaUrl ? redact(cfg.replicaUrl) : null,
          cache: cache.kind === 'redis' ? `Redis ${redact(cfg.redisUrl!)}` : 'in-memory cache (this process)',
          bus: bus.kind === 'nats' ? `NATS ${redact(cfg.natsUrl!)}` : 'in-process',
          online: s.online,
          pendingSync: s.pending,
          lastSyncAt: s.lastSyncAt,
          lastSyncError: s.lastError,
          migrations: { applied: mig.filter((m) => m.state === 'applied').length, pending: mig.filter((m) => m.state === 'pending').length },
        }
      },
      async close() {
        for (const c of closers.splice(0).reverse()) await c().catch((err) => console.error('slate: closing the data layer:', err))
      },
    }
    return services
  } catch (err) {
    for (const c of closers.reverse()) await c().catch(() => undefined)
    throw err
  }
}
