import { parseArgs } from 'node:util'
import { CliError, type CliCommand } from '../command'
import { openProjectForCli, table } from './unity-cli-shared'
import { defaultDataDir } from '../../core/data-dir'
import { packageCacheDirOf } from '../../unity/packages/package-locations'
import { fetchInputOf, fetchMissingPackages } from '../../unity/packages/fetch-packages'

const usage = `Usage: slate packages fetch <project> [--registry <url>] [--json]

Download the registry packages the project needs that are not on this machine, at the exact
versions of Packages/packages-lock.json (or the manifest), into SLATE's own package cache
(<data folder>/packages; the project is never written). Each package comes from the registry Unity
would use: a scoped registry whose scope matches, else Unity's https://packages.unity.com.
Tarballs are checked against the registry's integrity/shasum and unpacked safely. Afterwards
\`slate index\` resolves references into them.

Options:
  --registry <url>  use this registry instead of Unity's default (a mirror); scoped registries still apply
  --json            print the report as JSON (items with name, version, registry, status, message)

Exit code: 0 when nothing failed, 1 when some package could not be fetched.`

export const packagesCommand: CliCommand = {
  name: 'packages',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, registry: { type: 'string' } },
    })
    if (positionals[0] !== 'fetch') throw new CliError(`expected a subcommand: fetch\n\n${usage}`)
    if (positionals.length !== 2) throw new CliError(`expected one project folder\n\n${usage}`)
    if (values.registry !== undefined && !/^https?:\/\/\S+$/i.test(values.registry)) throw new CliError(`--registry must be an http:// or https:// URL, not "${values.registry}"`)
    const project = await openProjectForCli(positionals[1], false)
    const report = await fetchMissingPackages(fetchInputOf(project), { cacheDir: packageCacheDirOf(defaultDataDir()), defaultRegistry: values.registry ?? null })
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    } else if (report.items.length === 0) {
      process.stdout.write('Every package the project needs is on this machine: nothing to fetch.\n')
    } else {
      process.stdout.write(`${table(['package', 'version', 'status', 'what happened'], report.items.map((i) => [i.name, i.version, i.status, i.message]), 120)}\n\n`)
      process.stdout.write(`${report.fetched} fetched, ${report.cached} already cached, ${report.failed} failed, ${report.skipped} not fetchable · cache: ${report.cacheDir}\n`)
    }
    return report.failed > 0 ? 1 : 0
  },
}
