import type { CliCommand } from './command'
import { serveCommand } from './commands/serve'

/** Every `slate` command, in the order `slate --help` lists them. Add new ones here. */
export const commands: CliCommand[] = [serveCommand]
