import type { Change } from './changes'
import type { Database, Queryable, Tx } from './db'
import type { Announcement } from './entity-store'

/** Which database answered a read: the team's (or the only one), or the offline mirror. */
export interface ReadSource {
  label: string
  mirror: boolean
}

/**
 * What to copy into the mirror of a read from the team database: the rows of one replicated table,
 * or changes computed from the result (`from` is the database read, `mirror` the local one).
 */
export type MirrorOfRead<T> =
  | { table: string; rows: (result: T) => { id: string }[] }
  | ((result: T, from: Queryable, mirror: Queryable) => Promise<Change[]>)

/** A write's answer, what it changed (for the mirror or the outbox) and what to announce after commit. */
export interface Applied<R> {
  result: R
  /** computed inside the transaction, only when there is a mirror or an outbox to feed */
  changes?: Change[] | ((tx: Tx) => Promise<Change[]>)
  announce?: Announcement[]
}

/**
 * The one way features read and write the database: the DataStore in a running SLATE (team
 * database, mirror and outbox, see data-store.ts), or one database alone (directRoute: a farm
 * worker, which must not acknowledge work the team database did not take, and tests).
 */
export interface DataRoute {
  read<T>(op: (q: Queryable, from: ReadSource) => Promise<T>, mirror?: MirrorOfRead<T>): Promise<T>
  apply<R>(op: (tx: Tx) => Promise<Applied<R>>): Promise<R>
}

/** One database, no mirror and no outbox: reads on its reader (replica when configured), writes in one transaction. */
export function directRoute(db: Database, label = db.label): DataRoute {
  const from: ReadSource = { label, mirror: false }
  return {
    read: (op) => op(db.reader, from),
    apply: async (op) => (await db.tx(op)).result,
  }
}
