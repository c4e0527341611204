import { parseArgs } from 'node:util'
import path from 'node:path'
import { CliError, type CliCommand } from '../command'
import { addUser, initTeam, removeUser, rotateUser } from '../../team/team-files'
import { ROLE_HELP, ROLES } from '../../team/roles'

const usage = `Usage: slate team init --out <dir> --user NAME:ROLE [--user NAME:ROLE …] [--pg-prefix slate] [--json]
       slate team add-user --out <dir> NAME:ROLE [--json]
       slate team remove-user --out <dir> NAME [--json]
       slate team rotate --out <dir> NAME [--json]

Writes a team's server configurations from its identities, with each server's own mechanism:
  nats.conf     users with bcrypt passwords and subject permissions per role; anonymous refused
  postgres.sql  group and login roles (SCRAM), grants, row-level security per project, audit trail
                (run it as the database owner after \`slate migrate\`)
  redis.acl     ACL users limited to SLATE's keys (default user off)
  team.json     names, roles and password hashes (no plain passwords)
  credentials/<name>.json   each identity's password, to hand over once (0600)

Roles:
${ROLES.map((r) => `  ${r.padEnd(10)} ${ROLE_HELP[r]}`).join('\n')}

Options:
  --out <dir>       the team folder (created by init)
  --user NAME:ROLE  an identity (init; repeat for each)
  --pg-prefix P     database role prefix (default slate)
  --json            init: {users: [{name, role, password}], files: {nats, postgres, redis}};
                    add-user / rotate: {user: {name, role, password}, files}; remove-user: {files}`

export const teamCommand: CliCommand = {
  name: 'team',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        user: { type: 'string', multiple: true, default: [] },
        'pg-prefix': { type: 'string', default: 'slate' },
        json: { type: 'boolean', default: false },
      },
    })
    const [verb, arg] = positionals
    if (!values.out) throw new CliError(`--out <dir> is required\n\n${usage}`)
    const dir = path.resolve(values.out)
    const print = (json: unknown, text: string) => process.stdout.write(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`)
    const filesText = (f: { nats: string; postgres: string; redis: string }) => `Wrote ${f.nats}\n      ${f.postgres}\n      ${f.redis}`
    try {
      switch (verb) {
        case 'init': {
          const r = initTeam(dir, values.user ?? [], values['pg-prefix'])
          print(r, `${filesText(r.files)}\n\n${r.users.map((u) => `${u.name} (${u.role}): credentials/${u.name}.json`).join('\n')}\n\nHand each identity its credentials file once; SLATE keeps only hashes.`)
          return 0
        }
        case 'add-user':
        case 'rotate': {
          if (!arg) throw new CliError(`${verb} needs ${verb === 'add-user' ? 'NAME:ROLE' : 'NAME'}\n\n${usage}`)
          const r = verb === 'add-user' ? addUser(dir, arg) : rotateUser(dir, arg)
          print(r, `${filesText(r.files)}\n${r.user.name} (${r.user.role}): new password in credentials/${r.user.name}.json. Reload the servers (nats-server --signal reload, psql -f postgres.sql, ACL LOAD).`)
          return 0
        }
        case 'remove-user': {
          if (!arg) throw new CliError(`remove-user needs NAME\n\n${usage}`)
          const r = removeUser(dir, arg)
          print(r, `${filesText(r.files)}\n${arg} removed; its database role is switched off by postgres.sql.`)
          return 0
        }
        default:
          throw new CliError(`expected init, add-user, remove-user or rotate\n\n${usage}`)
      }
    } catch (err) {
      if (err instanceof CliError) throw err
      throw new CliError((err as Error).message, 1)
    }
  },
}
