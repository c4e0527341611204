import type { CliCommand } from './command'
import { migrateCommand } from './commands/migrate'
import { statusCommand } from './commands/status'
import { serveCommand } from './commands/serve'
import { indexCommand } from './commands/index'
import { refsCommand } from './commands/refs'
import { buildCommand } from './commands/build'
import { workerCommand } from './commands/worker'
import { historyCommand } from './commands/history'
import { buildsCommand } from './commands/builds'

/** Every `slate` command, in the order `slate --help` lists them. Add new ones here. */
export const commands: CliCommand[] = [serveCommand, indexCommand, refsCommand, migrateCommand, statusCommand, buildCommand, workerCommand, historyCommand, buildsCommand]
