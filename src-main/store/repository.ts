import type { Queryable } from './db'
import type { Page } from '../../src-shared/types-data'

/**
 * One generic repository, configured per table by a TableSpec. Every value reaches SQL as a
 * bind parameter ($1, $2, …); the only text spliced into statements is column and table names
 * from the static specs in ./tables.ts, never anything a caller passes.
 */

export type FilterOp = 'eq' | 'ilike' | 'gte' | 'lte'

export interface TableSpec<Row> {
  table: string
  /** field (camelCase) -> column (snake_case) for every column the row type has */
  columns: { [K in keyof Row & string]: string }
  jsonFields: (keyof Row & string)[]
  /** fields a caller may set on create (id included: offline writes bring their own UUIDs) */
  insertable: (keyof Row & string)[]
  updatable: (keyof Row & string)[]
  softDelete: boolean
  /** tables with updated_at are replicated last-writer-wins; append-only ones insert-if-absent */
  hasUpdatedAt: boolean
  /** filterable fields and how they compare */
  filters: Record<string, { column: string; op: FilterOp }>
  /** ORDER BY clause for list (static SQL) */
  order: string
  /** rows of a project: restoring one while its project is deleted is refused (restore the project) */
  belongsToProject?: boolean
}

export interface ListOptions {
  limit?: number
  offset?: number
  includeDeleted?: boolean
}

export const MAX_PAGE = 1000

export interface Repository<Row, Create, Patch, Filter> {
  readonly spec: TableSpec<Row>
  create(q: Queryable, input: Create): Promise<Row>
  /** one multi-row INSERT per chunk of rows; for bulk paths (asset indexing) */
  createMany(q: Queryable, inputs: Create[]): Promise<Row[]>
  get(q: Queryable, id: string, opts?: { includeDeleted?: boolean }): Promise<Row | null>
  list(q: Queryable, filter?: Filter & ListOptions): Promise<Page<Row>>
  update(q: Queryable, id: string, patch: Patch): Promise<Row | null>
  softDelete(q: Queryable, id: string): Promise<Row | null>
  restore(q: Queryable, id: string): Promise<Row | null>
  /**
   * Replication write: insert the full row, or overwrite the existing one only if this one is
   * newer (updated_at). Idempotent. Run with slate.replaying on (see withReplaying) so the triggers
   * keep the row's timestamps. Returns whether the row was written.
   */
  upsertReplica(q: Queryable, row: Row): Promise<boolean>
  /** upsertReplica for many full rows (as read from a table) in multi-row statements; returns rows written */
  upsertReplicaMany(q: Queryable, rows: Row[]): Promise<number>
}

function selectList<Row>(spec: TableSpec<Row>): string {
  return Object.entries(spec.columns as Record<string, string>)
    .map(([field, col]) => `${col === 'timestamp' ? '"timestamp"' : col} AS "${field}"`)
    .join(', ')
}

function quoteCol(col: string): string {
  return col === 'timestamp' ? '"timestamp"' : col
}

function toParam<Row>(spec: TableSpec<Row>, field: string, value: unknown): unknown {
  if (value === undefined) return null
  if ((spec.jsonFields as string[]).includes(field)) return value === null ? null : JSON.stringify(value)
  return value
}

const INSERT_CHUNK = 500

export function defineRepository<Row extends { id: string }, Create, Patch, Filter = object>(
  spec: TableSpec<Row>,
): Repository<Row, Create, Patch, Filter> {
  const cols = spec.columns as Record<string, string>
  const returning = selectList(spec)
  const live = spec.softDelete ? 'deleted_at IS NULL' : 'TRUE'

  async function insertRows(q: Queryable, inputs: Create[]): Promise<Row[]> {
    if (inputs.length === 0) return []
    // one column set for the whole statement: the union of fields given; missing ones get DEFAULT
    const fields = spec.insertable.filter((f) => inputs.some((i) => (i as Record<string, unknown>)[f] !== undefined))
    const params: unknown[] = []
    const tuples = inputs.map((input) => {
      const rec = input as Record<string, unknown>
      return `(${fields
        .map((f) => {
          if (rec[f] === undefined) return 'DEFAULT'
          params.push(toParam(spec, f, rec[f]))
          return `$${params.length}`
        })
        .join(', ')})`
    })
    const sql = fields.length
      ? `INSERT INTO ${spec.table} (${fields.map((f) => quoteCol(cols[f])).join(', ')}) VALUES ${tuples.join(', ')} RETURNING ${returning}`
      : `INSERT INTO ${spec.table} DEFAULT VALUES RETURNING ${returning}`
    const res = await q.query(sql, params)
    return res.rows as Row[]
  }

  function where(filter: Record<string, unknown> | undefined, params: unknown[]): string {
    const parts: string[] = []
    if (!filter?.includeDeleted) parts.push(live)
    for (const [key, value] of Object.entries(filter ?? {})) {
      const f = spec.filters[key]
      if (!f || value === undefined) continue
      if (Array.isArray(value)) {
        params.push(value)
        parts.push(`${quoteCol(f.column)} = ANY($${params.length})`)
        continue
      }
      params.push(f.op === 'ilike' ? `%${String(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%` : value)
      const op = { eq: '=', ilike: 'ILIKE', gte: '>=', lte: '<=' }[f.op]
      parts.push(`${quoteCol(f.column)} ${op} $${params.length}`)
    }
    return parts.length ? parts.join(' AND ') : 'TRUE'
  }

  /** INSERT … ON CONFLICT (id) of rows with the same fields: newer updated_at wins, append-only rows insert if absent */
  async function replicaInsert(q: Queryable, rows: Row[]): Promise<number> {
    const fields = Object.keys(cols).filter((f) => (rows[0] as Record<string, unknown>)[f] !== undefined)
    const params: unknown[] = []
    const tuples = rows.map(
      (row) => `(${fields.map((f) => (params.push(toParam(spec, f, (row as Record<string, unknown>)[f])), `$${params.length}`)).join(', ')})`,
    )
    const colList = fields.map((f) => quoteCol(cols[f]))
    const conflict = spec.hasUpdatedAt
      ? `DO UPDATE SET ${colList.filter((c) => c !== 'id').map((c) => `${c} = EXCLUDED.${c}`).join(', ')} WHERE ${spec.table}.updated_at < EXCLUDED.updated_at`
      : 'DO NOTHING'
    const res = await q.query(`INSERT INTO ${spec.table} (${colList.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) ${conflict}`, params)
    return res.rowCount ?? 0
  }

  return {
    spec,
    async create(q, input) {
      const [row] = await insertRows(q, [input])
      return row
    },
    async createMany(q, inputs) {
      const out: Row[] = []
      for (let i = 0; i < inputs.length; i += INSERT_CHUNK) out.push(...(await insertRows(q, inputs.slice(i, i + INSERT_CHUNK))))
      return out
    },
    async get(q, id, opts) {
      const res = await q.query(
        `SELECT ${returning} FROM ${spec.table} WHERE id = $1${opts?.includeDeleted || !spec.softDelete ? '' : ' AND deleted_at IS NULL'}`,
        [id],
      )
      return (res.rows[0] as Row | undefined) ?? null
    },
    async list(q, filter) {
      const params: unknown[] = []
      const w = where(filter as Record<string, unknown> | undefined, params)
      const limit = Math.min(Math.max(1, Math.trunc(filter?.limit ?? 100)), MAX_PAGE)
      const offset = Math.max(0, Math.trunc(filter?.offset ?? 0))
      const res = await q.query(
        `SELECT ${returning}, count(*) OVER () AS "__total" FROM ${spec.table} WHERE ${w} ORDER BY ${spec.order} LIMIT ${limit} OFFSET ${offset}`,
        params,
      )
      let total = 0
      const items = res.rows.map((r) => {
        const { __total, ...row } = r as Record<string, unknown>
        total = Number(__total)
        return row as Row
      })
      if (items.length === 0 && offset > 0) {
        const c = await q.query<{ n: string }>(`SELECT count(*) AS n FROM ${spec.table} WHERE ${w}`, params)
        total = Number(c.rows[0].n)
      }
      return { items, total, limit, offset }
    },
    async update(q, id, patch) {
      const params: unknown[] = [id]
      const sets: string[] = []
      for (const f of spec.updatable) {
        const v = (patch as Record<string, unknown>)[f]
        if (v === undefined) continue
        params.push(toParam(spec, f, v))
        sets.push(`${quoteCol(cols[f])} = $${params.length}`)
      }
      if (sets.length === 0) return this.get(q, id)
      const res = await q.query(
        `UPDATE ${spec.table} SET ${sets.join(', ')} WHERE id = $1 AND ${live} RETURNING ${returning}`,
        params,
      )
      return (res.rows[0] as Row | undefined) ?? null
    },
    async softDelete(q, id) {
      if (!spec.softDelete) throw new Error(`${spec.table} has no soft delete`)
      const res = await q.query(
        `UPDATE ${spec.table} SET deleted_at = clock_timestamp() WHERE id = $1 AND deleted_at IS NULL RETURNING ${returning}`,
        [id],
      )
      return (res.rows[0] as Row | undefined) ?? null
    },
    async restore(q, id) {
      if (!spec.softDelete) throw new Error(`${spec.table} has no soft delete`)
      const liveProject = spec.belongsToProject
        ? ` AND NOT EXISTS (SELECT 1 FROM slate_projects p WHERE p.id = ${spec.table}.project_id AND p.deleted_at IS NOT NULL)`
        : ''
      const res = await q.query(
        `UPDATE ${spec.table} SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL${liveProject} RETURNING ${returning}`,
        [id],
      )
      return (res.rows[0] as Row | undefined) ?? null
    },
    async upsertReplica(q, row) {
      return (await replicaInsert(q, [row])) > 0
    },
    async upsertReplicaMany(q, rows) {
      // one statement may not touch a row twice: the last version of each id wins
      const unique = [...new Map(rows.map((r) => [r.id, r])).values()]
      const sameShape = (r: Row) => Object.keys(cols).every((f) => ((r as Record<string, unknown>)[f] === undefined) === ((unique[0] as Record<string, unknown>)[f] === undefined))
      if (!unique.every(sameShape)) {
        let n = 0
        for (const r of unique) n += await replicaInsert(q, [r])
        return n
      }
      let n = 0
      for (let i = 0; i < unique.length; i += INSERT_CHUNK) n += await replicaInsert(q, unique.slice(i, i + INSERT_CHUNK))
      return n
    },
  }
}

/** Run replication writes: triggers keep the rows' own created_at/updated_at (see 0001). */
export async function withReplaying(q: Queryable): Promise<void> {
  await q.query(`SELECT set_config('slate.replaying', 'on', true)`)
}
