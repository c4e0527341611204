import { randomUUID } from 'node:crypto'
import type { Page } from '../../src-shared/types-data'
import { readThrough, cacheKey, CACHE_TTL_SECONDS, type Cache } from '../cache/cache'
import type { EntityChange, EntityKind } from '../bus/subjects'
import type { Queryable, Tx } from './db'
import type { ListOptions, Repository } from './repository'

/**
 * What the app calls instead of a repository: the same verbs, plus read-through caching, domain
 * events after commit, and routing between the team database and the embedded one (offline
 * first). The routing itself lives in the DataStore (./data-store.ts), handed in as `router`.
 */
export interface Announcement {
  kind: EntityKind
  row: { id: string; updatedAt?: string }
  change: EntityChange
}

export interface WriteRouter {
  /**
   * Run a write on the right database in one transaction. `op` returns the rows it wrote (they are
   * mirrored, or queued in the outbox) and the announcements to publish once it committed.
   */
  write<T extends { id: string }>(table: string, op: (tx: Tx) => Promise<{ rows: T[]; announce: Announcement[] }>): Promise<T[]>
  /** run a read on the right database; in team mode the rows `mirror` names are copied into the mirror */
  read<T>(op: (q: Queryable) => Promise<T>, mirror?: { table: string; rows: (result: T) => { id: string }[] }): Promise<T>
}

/** Rows whose visibility changed with this one (a project's tombstone covers its children). */
export type CascadeFinder<Row> = (tx: Tx, row: Row, change: EntityChange) => Promise<Announcement[]>

export class EntityStore<Row extends { id: string; updatedAt?: string }, Create extends { id?: string }, Patch, Filter> {
  constructor(
    readonly kind: EntityKind,
    readonly repo: Repository<Row, Create, Patch, Filter>,
    private readonly router: WriteRouter,
    private readonly cache: Cache,
    private readonly cascade?: CascadeFinder<Row>,
  ) {}

  private key(id: string): string {
    return cacheKey(this.kind, id)
  }

  /** A live row (cached), or null. Deleted rows need includeDeleted, which bypasses the cache. */
  get(id: string, opts?: { includeDeleted?: boolean }): Promise<Row | null> {
    const mirror = { table: this.repo.spec.table, rows: (r: Row | null) => (r ? [r] : []) }
    if (opts?.includeDeleted) return this.router.read((q) => this.repo.get(q, id, opts), mirror)
    return readThrough(this.cache, this.key(id), CACHE_TTL_SECONDS[this.kind], () => this.router.read((q) => this.repo.get(q, id), mirror))
  }

  /** Rows read (in team mode, from the team database) are kept in the mirror: what was seen can be edited offline. */
  list(filter?: Filter & ListOptions): Promise<Page<Row>> {
    return this.router.read((q) => this.repo.list(q, filter), { table: this.repo.spec.table, rows: (p) => p.items })
  }

  async create(input: Create): Promise<Row> {
    // the id is made here, not by the database: a write replayed from the outbox keeps it
    const [row] = await this.createMany([input])
    return row
  }

  /** Several rows with multi-row INSERTs in one transaction per 1000 (asset indexing). */
  async createMany(inputs: Create[]): Promise<Row[]> {
    const out: Row[] = []
    for (let i = 0; i < inputs.length; i += 1000) {
      const chunk = inputs.slice(i, i + 1000).map((c) => ({ ...c, id: c.id ?? randomUUID() }))
      out.push(
        ...(await this.router.write(this.repo.spec.table, async (tx) => {
          const rows = await this.repo.createMany(tx, chunk)
          return { rows, announce: rows.map((row) => ({ kind: this.kind, row, change: 'created' as const })) }
        })),
      )
    }
    return out
  }

  update(id: string, patch: Patch): Promise<Row | null> {
    return this.mutate((tx) => this.repo.update(tx, id, patch), 'updated')
  }

  /** Tombstone the row (and, for a project, everything in it). Returns null when there was no live row. */
  softDelete(id: string): Promise<Row | null> {
    return this.mutate((tx) => this.repo.softDelete(tx, id), 'deleted')
  }

  restore(id: string): Promise<Row | null> {
    return this.mutate((tx) => this.repo.restore(tx, id), 'restored')
  }

  private async mutate(op: (tx: Tx) => Promise<Row | null>, change: EntityChange): Promise<Row | null> {
    const rows = await this.router.write<Row>(this.repo.spec.table, async (tx) => {
      const row = await op(tx)
      if (!row) return { rows: [], announce: [] }
      const more = this.cascade ? await this.cascade(tx, row, change) : []
      return { rows: [row], announce: [{ kind: this.kind, row, change }, ...more] }
    })
    return rows[0] ?? null
  }
}

/** A project's delete/restore changed the visibility of its children: find them for cache invalidation. */
export const projectCascade: CascadeFinder<{ id: string; deletedAt: string | null }> = async (tx, project, change) => {
  if (change !== 'deleted' && change !== 'restored') return []
  const children: [EntityKind, string][] = [
    ['file', 'slate_files'],
    ['asset', 'slate_assets'],
    ['runtimeSession', 'slate_runtime_sessions'],
    ['buildJob', 'slate_build_jobs'],
  ]
  const out: Announcement[] = []
  for (const [kind, table] of children) {
    // deleted: the rows the trigger just tombstoned; restored: the rows now live again
    const res = await tx.query<{ id: string; updatedAt: string }>(
      change === 'deleted'
        ? `SELECT id, updated_at AS "updatedAt" FROM ${table} WHERE project_id = $1 AND deleted_at = $2`
        : `SELECT id, updated_at AS "updatedAt" FROM ${table} WHERE project_id = $1 AND deleted_at IS NULL AND updated_at >= $2`,
      [project.id, change === 'deleted' ? project.deletedAt : (project as unknown as { updatedAt: string }).updatedAt],
    )
    for (const row of res.rows) out.push({ kind, row, change })
  }
  return out
}
