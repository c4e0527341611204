import type Docker from 'dockerode'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import type { Database } from '../store/db'
import type { DataStore } from '../store/data-store'
import type { FollowLeases } from './follow-leases'
import type { RegistryAuthEnv } from './registry-auth'
import type { SessionConfig } from './session-config'

/** What the runtime orchestrator (orchestrator.ts) is made from, asked for, and reports. */

/** Docker's own message (dockerode puts the engine's JSON reason in .json.message). */
export function explainDockerError(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string }
  return e?.json?.message ?? e?.message ?? String(err)
}

export interface StartRequest extends Partial<Omit<SessionConfig, 'projectRoot' | 'mounts'>> {
  sessionId: string
  projectRoot: string
  image: string
  mounts?: { hostPath: string; containerPath: string; readOnly?: boolean }[]
  userId?: string
}

export interface OrchestratorOptions {
  docker: Docker
  store: DataStore
  /** the database the log lines are in (for where to resume a container's log) */
  db: Database
  bus: Bus
  subjects: Subjects
  /** where projects whose folders may be mounted must lie (checkSessionConfig's mountRoots); default any */
  mountRoots?: string[] | null
  /**
   * true (services, the app): follow each container's output while it runs. false (a CLI
   * process that exits): read what is there when asked (catchUp) — the log is Docker's, so
   * nothing is lost between invocations.
   */
  follow: boolean
  /** where registry credentials come from (default: this process's environment and Docker's config) */
  registry?: RegistryAuthEnv
  /** who follows which session among instances on one engine (default: leases in `db` under a fresh owner name) */
  leases?: FollowLeases
}

/** What a reconcile did: sessions followed again, ended ones recorded, stray containers removed, sessions left to their live followers. */
export interface ReconcileOutcome {
  followed: string[]
  finished: string[]
  removed: number
  othersFollow: number
}
