/** One `slate <name>` command. Each lives in ./commands and is listed in ./commands.ts. */
export interface CliCommand {
  name: string
  /** Full usage text for `slate <name> --help`. */
  usage: string
  /** Returns the process exit code. Throw CliError for a user mistake (printed without a stack). */
  run(argv: string[]): Promise<number>
}

/** A command as `slate --help` lists it; its module is loaded only when the command is used. */
export interface CliCommandEntry {
  name: string
  /** One line for `slate --help`. */
  summary: string
  load(): Promise<CliCommand>
}

export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode = 2,
  ) {
    super(message)
    this.name = 'CliError'
  }
}
