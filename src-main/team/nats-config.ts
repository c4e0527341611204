import bcrypt from 'bcryptjs'
import { natsPermissions, type Role } from './roles'
import type { Subjects } from '../bus/subjects'

export interface TeamIdentity {
  name: string
  role: Role
}

/**
 * nats.conf for a team: one user per identity with a bcrypt-hashed password (the server never
 * sees the plain one in its config) and the subject permissions of its role. No `no_auth_user`:
 * a connection without credentials is refused. JetStream stays on, with its store where the
 * operator says.
 */
export function natsPasswordHash(password: string): string {
  // nats-server accepts the $2a$ prefix; bcryptjs writes $2b$, the same algorithm for these lengths.
  return bcrypt.hashSync(password, 11).replace(/^\$2b\$/, '$2a$')
}

export function renderNatsConf(users: (TeamIdentity & { passwordHash: string })[], S: Subjects, opts: { host?: string; port?: number; storeDir?: string } = {}): string {
  const q = (s: string) => JSON.stringify(s)
  const lines = [
    '# SLATE team NATS server configuration, written by `slate team init` / `slate team add-user`.',
    '# Permissions per role come from SLATE\'s subjects module; edit the team with the CLI, not here.',
    `host: ${q(opts.host ?? '0.0.0.0')}`,
    `port: ${opts.port ?? 4222}`,
    `jetstream { store_dir: ${q(opts.storeDir ?? '/var/lib/nats-server')} }`,
    'authorization {',
    '  users: [',
  ]
  for (const u of users) {
    const p = natsPermissions(u.role, S)
    lines.push(
      `    # ${u.role}`,
      `    { user: ${q(u.name)}, password: ${q(u.passwordHash)}, permissions: {`,
      `        publish: { allow: [${p.publish.map(q).join(', ')}] }`,
      `        subscribe: { allow: [${p.subscribe.map(q).join(', ')}] }`,
      // A requester's reply subject may be published to once by whoever answers (request/reply
      // services), without opening _INBOX.> for publishing.
      '        allow_responses: true',
      '    } }',
    )
  }
  lines.push('  ]', '}', '')
  return lines.join('\n')
}
