import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createSubjects } from '../bus/subjects'
import { natsPasswordHash, renderNatsConf } from './nats-config'
import { loginRole, renderPostgresSql, scramVerifier } from './postgres-policy'
import { redisPasswordHash, renderRedisAcl } from './redis-acl'
import { isRole, type Role } from './roles'

/**
 * A team's identities and the server configurations written from them, kept in one folder:
 * team.json (names, roles and password HASHES only — never a plain password), nats.conf,
 * postgres.sql, redis.acl, and credentials/<name>.json for each identity (its plain password, for
 * handing to that person or machine once; 0600). Adding, removing or rotating an identity rewrites
 * the three configurations, so they always agree.
 */
export interface TeamMember {
  name: string
  role: Role
  natsHash: string
  pgVerifier: string
  redisHash: string
  createdAt: string
}

export interface TeamFile {
  version: 1
  /** Database roles are named <prefix>_<role> and <prefix>_u_<name>. */
  pgRolePrefix: string
  users: TeamMember[]
  /** Identities removed since init: their database roles are switched off by postgres.sql. */
  removed: string[]
}

export interface IssuedCredential {
  name: string
  role: Role
  password: string
}

export interface TeamFilesWritten {
  nats: string
  postgres: string
  redis: string
}

const NAME = /^[a-z][a-z0-9_-]{0,30}$/

export function parseUserSpec(spec: string): { name: string; role: Role } {
  const [name, role, ...rest] = spec.split(':')
  if (rest.length > 0 || !name || !role) throw new Error(`"${spec}" is not NAME:ROLE (e.g. alice:developer)`)
  if (!NAME.test(name)) throw new Error(`"${name}": a user name is lower-case letters, digits, - and _ (at most 31), starting with a letter`)
  if (!isRole(role)) throw new Error(`"${role}" is not a role: lead, developer, artist, viewer, worker or services`)
  return { name, role }
}

function newPassword(): string {
  return crypto.randomBytes(24).toString('base64url')
}

function member(name: string, role: Role, password: string): TeamMember {
  return { name, role, natsHash: natsPasswordHash(password), pgVerifier: scramVerifier(password), redisHash: redisPasswordHash(password), createdAt: new Date().toISOString() }
}

/** Written with 0600 through an exclusive temp file and a rename: no reader sees half a file. */
function writeSecret(file: string, text: string): void {
  const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`
  fs.writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 })
  fs.renameSync(tmp, file)
}

export function readTeam(dir: string): TeamFile {
  const file = path.join(dir, 'team.json')
  if (!fs.existsSync(file)) throw new Error(`${dir} has no team.json: run \`slate team init --out ${dir} --user NAME:ROLE\` first`)
  const t = JSON.parse(fs.readFileSync(file, 'utf8')) as TeamFile
  if (t.version !== 1 || !Array.isArray(t.users)) throw new Error(`${file} is not a SLATE team file`)
  return t
}

function writeAll(dir: string, team: TeamFile, issued: IssuedCredential[]): TeamFilesWritten {
  fs.mkdirSync(path.join(dir, 'credentials'), { recursive: true, mode: 0o700 })
  const files = { nats: path.join(dir, 'nats.conf'), postgres: path.join(dir, 'postgres.sql'), redis: path.join(dir, 'redis.acl') }
  const S = createSubjects()
  writeSecret(files.nats, renderNatsConf(team.users.map((u) => ({ name: u.name, role: u.role, passwordHash: u.natsHash })), S))
  let sql = renderPostgresSql(team.users.map((u) => ({ name: u.name, role: u.role, verifier: u.pgVerifier })), team.pgRolePrefix)
  if (team.removed.length > 0) {
    const off = team.removed.map((n) => `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${loginRole(team.pgRolePrefix, n)}') THEN ALTER ROLE "${loginRole(team.pgRolePrefix, n)}" NOLOGIN PASSWORD NULL; END IF; END $$;`)
    sql = sql.replace(/COMMIT;\n$/, `${off.join('\n')}\nCOMMIT;\n`)
  }
  writeSecret(files.postgres, sql)
  writeSecret(files.redis, renderRedisAcl(team.users.map((u) => ({ name: u.name, role: u.role, passwordSha256: u.redisHash }))))
  writeSecret(path.join(dir, 'team.json'), `${JSON.stringify(team, null, 2)}\n`)
  for (const c of issued) {
    const pgUser = loginRole(team.pgRolePrefix, c.name)
    writeSecret(path.join(dir, 'credentials', `${c.name}.json`), `${JSON.stringify({ name: c.name, role: c.role, password: c.password, nats: { user: c.name }, postgres: { user: pgUser }, redis: { user: c.name } }, null, 2)}\n`)
  }
  for (const n of team.removed) fs.rmSync(path.join(dir, 'credentials', `${n}.json`), { force: true })
  return files
}

export function initTeam(dir: string, specs: string[], pgRolePrefix = 'slate'): { users: IssuedCredential[]; files: TeamFilesWritten } {
  if (fs.existsSync(path.join(dir, 'team.json'))) throw new Error(`${dir} already holds a team (team.json): use add-user, remove-user or rotate`)
  const parsed = specs.map(parseUserSpec)
  const names = new Set<string>()
  for (const p of parsed) {
    if (names.has(p.name)) throw new Error(`"${p.name}" is given twice`)
    names.add(p.name)
  }
  if (parsed.length === 0) throw new Error('give at least one --user NAME:ROLE')
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const issued = parsed.map((p) => ({ ...p, password: newPassword() }))
  const team: TeamFile = { version: 1, pgRolePrefix, users: issued.map((u) => member(u.name, u.role, u.password)), removed: [] }
  return { users: issued, files: writeAll(dir, team, issued) }
}

export function addUser(dir: string, spec: string): { user: IssuedCredential; files: TeamFilesWritten } {
  const team = readTeam(dir)
  const p = parseUserSpec(spec)
  if (team.users.some((u) => u.name === p.name)) throw new Error(`"${p.name}" is already in the team: use rotate for a new password`)
  const user = { ...p, password: newPassword() }
  team.users.push(member(user.name, user.role, user.password))
  team.removed = team.removed.filter((n) => n !== p.name)
  return { user, files: writeAll(dir, team, [user]) }
}

export function removeUser(dir: string, name: string): { files: TeamFilesWritten } {
  const team = readTeam(dir)
  if (!team.users.some((u) => u.name === name)) throw new Error(`"${name}" is not in the team`)
  team.users = team.users.filter((u) => u.name !== name)
  team.removed = [...new Set([...team.removed, name])]
  return { files: writeAll(dir, team, []) }
}

export function rotateUser(dir: string, name: string): { user: IssuedCredential; files: TeamFilesWritten } {
  const team = readTeam(dir)
  const i = team.users.findIndex((u) => u.name === name)
  if (i < 0) throw new Error(`"${name}" is not in the team`)
  const user = { name, role: team.users[i].role, password: newPassword() }
  team.users[i] = { ...member(name, user.role, user.password), createdAt: team.users[i].createdAt }
  return { user, files: writeAll(dir, team, [user]) }
}
