import { streamNames } from '../bus/jetstream'
import { createSubjects, type Subjects } from '../bus/subjects'

/**
 * Who may do what in a team, written once and turned into each server's own mechanism: NATS
 * subject permissions (nats-config.ts), PostgreSQL roles and row-level security
 * (postgres-policy.ts), Redis ACL users (redis-acl.ts). People: lead (everything, team
 * settings), developer (builds, runtime sessions, code), artist (assets and asset processing,
 * reads builds), viewer (reads). Machines: worker (takes farm builds, reports their progress and
 * logs, nothing else) and services (the backend services of `slate services`).
 */
export const ROLES = ['lead', 'developer', 'artist', 'viewer', 'worker', 'services'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_HELP: Record<Role, string> = {
  lead: 'everything, including team settings and membership',
  developer: 'builds, runtime sessions, code, assets',
  artist: 'assets and asset processing; reads builds',
  viewer: 'reads everything of the projects they belong to',
  worker: 'build-farm machine: takes queued builds, reports their progress and logs',
  services: 'backend services machine (slate services): orchestrator, log aggregator, analytics',
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s)
}

export interface SubjectPermissions {
  publish: string[]
  subscribe: string[]
}

/**
 * NATS permissions of a role, from the one subjects module (so a renamed subject cannot leave a
 * stale permission behind). JetStream is reached through its API subjects ($JS.API.…, replies on
 * _INBOX.…): each role gets only the API calls its work needs on the streams it uses.
 */
export function natsPermissions(role: Role, S: Subjects = createSubjects()): SubjectPermissions {
  const r = S.root
  const streams = streamNames(S)
  const inbox = '_INBOX.>'
  // Reading build and runtime logs back from the LOGS stream (ordered consumers).
  const readLogs = [
    '$JS.API.INFO',
    `$JS.API.STREAM.INFO.${streams.logs}`,
    `$JS.API.STREAM.MSG.GET.${streams.logs}`,
    `$JS.API.CONSUMER.CREATE.${streams.logs}.>`,
    `$JS.API.CONSUMER.INFO.${streams.logs}.>`,
    `$JS.API.CONSUMER.DELETE.${streams.logs}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${streams.logs}.>`,
    '$JS.FC.>',
  ]
  const submitBuilds = [`${r}.queue.build.*`, `$JS.API.STREAM.INFO.${streams.buildQueue}`]
  const submitAssets = [`${r}.queue.asset.*`, `$JS.API.STREAM.INFO.${streams.assetQueue}`]
  switch (role) {
    case 'lead':
    case 'services':
      return { publish: ['>'], subscribe: ['>'] }
    case 'developer':
      return {
        publish: [`${r}.project.>`, `${r}.file.>`, `${r}.asset.>`, `${r}.runtime.>`, `${r}.build.>`, `${r}.container.>`, `${r}.link.>`, ...submitBuilds, ...submitAssets, ...readLogs, inbox],
        subscribe: [`${r}.>`, inbox],
      }
    case 'artist':
      return { publish: [`${r}.file.>`, `${r}.asset.>`, ...submitAssets, ...readLogs, inbox], subscribe: [`${r}.>`, inbox] }
    case 'viewer':
      return { publish: [...readLogs], subscribe: [`${r}.>`, inbox] }
    case 'worker': {
      const q = streams.buildQueue
      return {
        publish: [
          '$JS.API.INFO',
          `$JS.API.STREAM.INFO.${q}`,
          `$JS.API.STREAM.INFO.${streams.logs}`, // opening the queue checks both streams exist
          `$JS.API.CONSUMER.INFO.${q}.>`,
          `$JS.API.CONSUMER.CREATE.${q}.>`,
          `$JS.API.CONSUMER.DURABLE.CREATE.${q}.>`,
          `$JS.API.CONSUMER.MSG.NEXT.${q}.>`,
          `$JS.ACK.${q}.>`,
          // its jobs' progress, log lines (the LOGS stream stores them) and row changes
          S.buildProgressAll(),
          S.buildLogAll(),
          `${r}.build.*.updated`,
          inbox,
        ],
        subscribe: [inbox],
      }
    }
  }
}

/** Redis: every role works under SLATE's key prefix only; viewers only read. */
export function redisCommands(role: Role): string[] {
  if (role === 'viewer') return ['+@read', '+@connection', '-@dangerous']
  return ['+@read', '+@write', '+@keyspace', '+@connection', '-@dangerous', '-@admin']
}

/** PostgreSQL: which tables each group role may change (all may read their projects' rows). */
export const WRITABLE_TABLES: Record<Role, string[] | 'all'> = {
  lead: 'all',
  services: 'all',
  developer: 'all',
  artist: ['slate_assets', 'slate_files', 'slate_asset_dependencies', 'slate_analytics_events', 'slate_sync_outbox', 'slate_sync_state'],
  viewer: [],
  worker: ['slate_build_jobs', 'slate_build_steps', 'slate_build_messages', 'slate_build_packed_assets', 'slate_build_files', 'slate_runtime_logs', 'slate_analytics_events'],
}
