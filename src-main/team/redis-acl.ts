import crypto from 'node:crypto'
import { redisCommands, type Role } from './roles'

/**
 * Redis ACL users (an `aclfile` for redis.conf, or the same rules as ACL SETUSER commands): one
 * user per identity, its password stored as Redis's SHA-256 form (`#<hex>`), keys limited to
 * SLATE's prefix, commands by role (viewers read only; nobody gets admin or dangerous commands),
 * and the `default` user switched off so an unauthenticated connection can do nothing.
 */
export interface RedisIdentity {
  name: string
  role: Role
  /** redisPasswordHash(password) */
  passwordSha256: string
}

export function redisPasswordHash(password: string): string {
  return crypto.createHash('sha256').update(password).digest('hex')
}

export function redisAclRules(u: RedisIdentity, keyPrefix = 'slate:'): string[] {
  return ['on', 'resetpass', `#${u.passwordSha256}`, 'resetkeys', `~${keyPrefix}*`, 'resetchannels', 'nocommands', ...redisCommands(u.role)]
}

/**
 * The ACL file for redis.conf's `aclfile` (written by `slate team init`). Only `user` lines: Redis
 * refuses to start on an ACL file with any other line, a comment included.
 */
export function renderRedisAcl(users: RedisIdentity[], keyPrefix = 'slate:'): string {
  return [
    'user default off nopass nocommands',
    ...users.map((u) => `user ${u.name} ${redisAclRules(u, keyPrefix).join(' ')}`),
    '',
  ].join('\n')
}
