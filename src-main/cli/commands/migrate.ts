import path from 'node:path'
import { parseArgs } from 'node:util'
import { CliError, type CliCommand } from '../command'
import { SlateCore } from '../../host/slate-core'
import { dataConfigFrom } from '../../store/data-services'
import { Database } from '../../store/db'
import { EmbeddedPostgres } from '../../store/embedded-postgres'
import { MigrationError, migrate, migrationStatus } from '../../store/migrations'

const usage = `Usage: slate migrate [--status] [--json]

Apply SLATE's database migrations (migrations/NNNN_*.sql): forward only, each in its own
transaction, under an advisory lock. Running it again is a no-op. A migration edited after it was
applied is refused, naming the file.

Target: the team database when SLATE_DATABASE_URL (or the databaseUrl setting) is set, else the
embedded database in SLATE's data folder (started for the command and stopped after).

Options:
  --status   list migrations and whether each is applied, pending or modified; change nothing
  --json     machine-readable output`

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { status: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    })
    if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${usage}`)
    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    const cfg = dataConfigFrom(core.dataDir, core.settings.settings)
    let embedded: EmbeddedPostgres | null = null
    let db: Database
    if (cfg.databaseUrl) {
      db = new Database({ url: cfg.databaseUrl, label: 'team PostgreSQL', max: 2 })
    } else {
      embedded = await EmbeddedPostgres.start({ dataDir: path.join(cfg.dataDir, 'db') })
      db = new Database({ url: embedded.url, label: embedded.label, max: 2 })
    }
    const out = (s: string) => process.stdout.write(`${s}\n`)
    try {
      if (values.status) {
        const rows = await migrationStatus(db)
        if (values.json) out(JSON.stringify({ database: db.label, migrations: rows }, null, 2))
        else {
          out(`${db.label}`)
          for (const r of rows) out(`  ${r.state.padEnd(12)} ${r.name}${r.appliedAt ? `  (applied ${r.appliedAt})` : ''}`)
        }
        return rows.some((r) => r.state === 'modified' || r.state === 'missing-file') ? 1 : 0
      }
      const result = await migrate(db)
      if (values.json) out(JSON.stringify({ database: db.label, ...result }, null, 2))
      else if (result.applied.length === 0) out(`${db.label}: up to date (${result.alreadyApplied} migrations applied before)`)
      else out(`${db.label}: applied ${result.applied.join(', ')}`)
      return 0
    } catch (err) {
      if (err instanceof MigrationError) throw new CliError(err.message, 1)
      throw err
    } finally {
      await db.close()
      await embedded?.stop()
    }
  },
}
