import { randomUUID } from 'node:crypto'
import type { Database, Queryable } from './db'
import { withReplaying } from './repository'
import { addBatchToOutbox, addToOutbox, BATCH_TABLES, mirrorRows, REPLACE_TABLES } from './sync'
import { buildJobs, buildSteps, projects } from './tables'

/**
 * What a write changed, in the three shapes the offline design knows. Every write of SLATE (the
 * entity stores, the bulk paths, the build history) runs through DataStore.apply, which hands its
 * changes either to the mirror (team server answered: copy them into the embedded database) or to
 * the outbox (it did not: queue them for replay). One description, two destinations, so a feature
 * cannot write to one database and forget the other.
 *
 * - `rows`: full rows of a replicated table (sync.ts REPLICATED); upserted, last writer wins.
 * - `batch`: rows of an append-only table (BATCH_TABLES) with their ids; inserted where absent.
 *   `mirror: false` keeps log-like batches out of the mirror while online (the server has them).
 * - `replace`: "these are now all the rows of these keys" (REPLACE_TABLES), replayed whole.
 *
 * Parents come before their children (a job before its steps).
 */
export type Change =
  | { kind: 'rows'; table: string; rows: { id: string }[] }
  | { kind: 'batch'; table: string; rows: { id: string }[]; mirror?: boolean }
  | { kind: 'replace'; table: string; keys: string[]; rows: unknown[]; id?: string }

/** Queue changes made in the local database for replay, in the same transaction. Returns the entries added. */
export async function queueChanges(tx: Queryable, changes: Change[]): Promise<number> {
  let entries = 0
  for (const c of changes) {
    if (c.kind === 'rows') {
      for (const row of c.rows) await addToOutbox(tx, c.table, row)
      entries += c.rows.length
    } else if (c.kind === 'batch') {
      if (c.rows.length === 0) continue
      await addBatchToOutbox(tx, c.table, c.rows, BATCH_PER_ENTRY)
      entries += Math.ceil(c.rows.length / BATCH_PER_ENTRY)
    } else {
      await addToOutbox(tx, c.table, { id: c.id ?? c.keys[0] ?? randomUUID(), replaceKeys: c.keys, rows: c.rows })
      entries++
    }
  }
  return entries
}

const BATCH_PER_ENTRY = 5000

/**
 * Copy changes the team database committed into the mirror. Rows whose parent the mirror lacks
 * bring the parent along from the team database (sync.ts mirrorRows). Throws on failure: the
 * caller (DataStore) reports it, the write itself already succeeded.
 */
export async function mirrorChanges(local: Database, remote: Database, changes: Change[]): Promise<void> {
  for (const c of changes) {
    if (c.kind === 'rows') await mirrorRows(local, remote, c.table, c.rows)
    else if (c.kind === 'batch') {
      if (c.mirror === false || c.rows.length === 0) continue
      const insert = BATCH_TABLES[c.table]
      if (!insert) throw new Error(`table ${c.table} is not replayed in batches`)
      await local.tx(async (tx) => {
        await withReplaying(tx)
        await insert(tx, c.rows)
      })
    } else {
      const replace = REPLACE_TABLES[c.table]
      if (!replace) throw new Error(`table ${c.table} has no replace replay`)
      await local.tx(async (tx) => {
        await withReplaying(tx)
        await replace(tx, c.keys, c.rows)
      })
    }
  }
}

/**
 * A build job as changes, read from one database: its project (with `project`), the job row, its
 * steps (a replacement) and its messages, packed assets and output files (batches with the ids they
 * have there, so inserting them where they exist adds nothing). Used to mirror a finished job read
 * from the team database and to queue a job completed offline.
 */
export async function buildJobChanges(q: Queryable, jobId: string, o: { project?: boolean } = {}): Promise<Change[]> {
  const job = await buildJobs.get(q, jobId, { includeDeleted: true })
  if (!job) return []
  const out: Change[] = []
  if (o.project) {
    const project = await projects.get(q, job.projectId, { includeDeleted: true })
    if (project) out.push({ kind: 'rows', table: 'slate_projects', rows: [project] })
  }
  out.push({ kind: 'rows', table: 'slate_build_jobs', rows: [job] })
  const steps = await q.query<{ id: string }>(
    `SELECT ${columnsOf(buildSteps.spec.columns)} FROM slate_build_steps WHERE job_id = $1 ORDER BY step_index`,
    [jobId],
  )
  out.push({ kind: 'replace', table: 'slate_build_steps', keys: [jobId], rows: steps.rows })
  const messages = await q.query<{ id: string }>(
    `SELECT id, job_id AS "jobId", step_id AS "stepId", level, message, file, line, "timestamp" FROM slate_build_messages WHERE job_id = $1 ORDER BY "timestamp", id`,
    [jobId],
  )
  const packed = await q.query<{ id: string }>(
    `SELECT id, job_id AS "jobId", output_file AS "outputFile", source_path AS "sourcePath", guid, type, packed_size AS "packedSize", object_count AS "objectCount"
     FROM slate_build_packed_assets WHERE job_id = $1 ORDER BY id`,
    [jobId],
  )
  const files = await q.query<{ id: string }>(`SELECT id, job_id AS "jobId", path, role, size FROM slate_build_files WHERE job_id = $1 ORDER BY id`, [jobId])
  out.push(
    { kind: 'batch', table: 'slate_build_messages', rows: messages.rows },
    { kind: 'batch', table: 'slate_build_packed_assets', rows: packed.rows },
    { kind: 'batch', table: 'slate_build_files', rows: files.rows },
  )
  return out
}

/** A job row as a change (after an update of it), or none when no row was touched. */
export async function buildJobRowChange(q: Queryable, jobId: string): Promise<Change[]> {
  const job = await buildJobs.get(q, jobId, { includeDeleted: true })
  return job ? [{ kind: 'rows', table: 'slate_build_jobs', rows: [job] }] : []
}

/** A project row as a change. */
export async function projectRowChange(q: Queryable, projectId: string): Promise<Change[]> {
  const project = await projects.get(q, projectId, { includeDeleted: true })
  return project ? [{ kind: 'rows', table: 'slate_projects', rows: [project] }] : []
}

function columnsOf(cols: Record<string, string>): string {
  return Object.entries(cols)
    .map(([f, c]) => `${c} AS "${f}"`)
    .join(', ')
}
