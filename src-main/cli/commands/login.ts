import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { CliError, type CliCommand } from '../command'
import { defaultDataDir } from '../../core/data-dir'
import { saveCredentials, type StoredCredentials } from '../../core/credentials-store'

const usage = `Usage: slate login --credentials <file>
       slate login --user NAME --role ROLE --password-stdin

Stores this machine's team identity (from \`slate team init\`'s credentials/<name>.json, or typed)
in a 0600 file in SLATE's data folder — the desktop app keeps it in the OS keychain instead.
Never in settings.json. From then on SLATE connects to the team's NATS, PostgreSQL and Redis as
this identity (SLATE_*_URL and the settings keep only the addresses).

Options:
  --credentials <file>  a credentials file written by slate team
  --user, --role        the identity, with the password read from standard input (--password-stdin)`

export const loginCommand: CliCommand = {
  name: 'login',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { credentials: { type: 'string' }, user: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } },
    })
    let c: Omit<StoredCredentials, 'storedAt'>
    if (values.credentials) {
      try {
        c = JSON.parse(fs.readFileSync(values.credentials, 'utf8'))
      } catch (err) {
        throw new CliError(`cannot read ${values.credentials}: ${(err as Error).message}`, 1)
      }
      if (!c?.name || !c.password) throw new CliError(`${values.credentials} is not a SLATE credentials file`, 1)
    } else if (values.user && values.role && values['password-stdin']) {
      const password = fs.readFileSync(0, 'utf8').trim()
      if (!password) throw new CliError('no password on standard input', 1)
      c = { name: values.user, role: values.role, password }
    } else {
      throw new CliError(`give --credentials <file>, or --user, --role and --password-stdin\n\n${usage}`)
    }
    const file = saveCredentials(defaultDataDir(), { name: c.name, role: c.role, password: c.password, nats: c.nats, postgres: c.postgres, redis: c.redis })
    process.stdout.write(`Logged in as ${c.name} (${c.role}); credentials stored in ${file} (readable only by you).\n`)
    return 0
  },
}
