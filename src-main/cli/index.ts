import { SLATE_VERSION } from '../core/version'
import { CliError } from './command'
import { commands } from './commands'

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2
  return [
    `slate ${SLATE_VERSION}: the Unity IDE's core, from the command line`,
    '',
    'Usage: slate <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help      show help (also `slate <command> --help`)',
    '  -v, --version   print the version',
    '',
    'Team servers: SLATE_DATABASE_URL, SLATE_REDIS_URL, SLATE_NATS_URL (embedded defaults otherwise).',
  ].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv
  if (!first || first === '-h' || first === '--help' || first === 'help') {
    const entry = first === 'help' ? commands.find((c) => c.name === rest[0]) : undefined
    process.stdout.write(`${entry ? (await entry.load()).usage : helpText()}\n`)
    return 0
  }
  if (first === '-v' || first === '--version') {
    process.stdout.write(`${SLATE_VERSION}\n`)
    return 0
  }
  const entry = commands.find((c) => c.name === first)
  if (!entry) {
    process.stderr.write(`slate: unknown command "${first}". Run \`slate --help\` for the list.\n`)
    return 2
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`)
    return 0
  }
  try {
    return await command.run(rest)
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`slate ${command.name}: ${err.message}\n`)
      return err.exitCode
    }
    // Node's parseArgs errors are user mistakes too.
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`slate ${command.name}: ${err.message}\nRun \`slate ${command.name} --help\`.\n`)
      return 2
    }
    process.stderr.write(`slate ${command.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    return 1
  }
}
