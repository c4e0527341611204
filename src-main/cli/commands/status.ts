import { parseArgs } from 'node:util'
import type { ServiceHealth } from '../../../src-shared/types'
import { CliError, type CliCommand } from '../command'
import { SlateCore } from '../../host/slate-core'
import { startDataServices } from '../../host/start-data-services'

const usage = `Usage: slate status [--json]

Show how SLATE keeps its data on this machine: the mode (embedded, or team when
SLATE_DATABASE_URL / SLATE_REDIS_URL / SLATE_NATS_URL or the settings point at team servers), the
health of the database, cache, message bus and Docker, and how many changes wait in the offline
outbox. It only reads: it applies no migration and syncs nothing (when the database needs
migrations it says so; \`slate migrate\` applies them).

Exit code 0 when the database answers (team mode: or the local mirror does), 1 otherwise.

Options:
  --json   one JSON object: { health, data }`

function line(name: string, h: ServiceHealth): string {
  const mark = { ok: 'ok', degraded: 'DEGRADED', down: 'DOWN', disabled: '-', starting: '…' }[h.state]
  return `  ${name.padEnd(9)}${mark.padEnd(10)}${h.detail}${h.latencyMs !== undefined ? ` (${h.latencyMs} ms)` : ''}${h.error ? `: ${h.error}` : ''}`
}

export const statusCommand: CliCommand = {
  name: 'status',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } })
    if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${usage}`)
    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    try {
      const data = await startDataServices(core, { migrate: false })
      const [health, status] = await Promise.all([core.health(), data.status()])
      const pending = status.migrations.pending
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ health, data: status }, null, 2)}\n`)
      } else {
        const out = [
          `SLATE data: ${health.mode} mode${health.mode === 'team' ? (status.online ? ', online' : ', OFFLINE (working from the local mirror)') : ''}`,
          line('database', health.database),
          line('cache', health.cache),
          line('bus', health.bus),
          line('docker', health.docker),
          `  pending sync: ${health.pendingSync}${status.lastSyncError ? ` (last error: ${status.lastSyncError})` : ''}`,
          pending > 0
            ? `  migrations: ${status.migrations.applied} applied; the database needs ${pending} migration${pending > 1 ? 's' : ''}: run slate migrate`
            : `  migrations: ${status.migrations.applied} applied, none pending`,
        ]
        process.stdout.write(`${out.join('\n')}\n`)
      }
      return health.database.state === 'down' ? 1 : 0
    } finally {
      await core.dispose()
    }
  },
}
