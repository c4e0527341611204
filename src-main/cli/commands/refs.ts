import { parseArgs } from 'node:util'
import path from 'node:path'
import { CliError, type CliCommand } from '../command'
import { openProjectForCli, table } from './unity-cli-shared'
import { findRefs } from '../../unity/queries'
import type { AssetRef } from '../../../src-shared/types-unity'

const usage = `Usage: slate refs <project> <asset path or GUID> [--json] [--transitive]

What an asset depends on and what uses it, from the GUID reference graph.
The asset is a project-relative path (Assets/Prefabs/Boat.prefab) or a 32-digit GUID.

Options:
  --json         print {asset: {path, guid, type}, dependencies: [...], usedBy: [...]}
  --transitive   follow references all the way (depth is reported per entry)
  --no-cache     ignore the persisted index`

export const refsCommand: CliCommand = {
  name: 'refs',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        transitive: { type: 'boolean', default: false },
        'no-cache': { type: 'boolean', default: false },
      },
    })
    if (positionals.length !== 2) throw new CliError(`expected a project folder and an asset\n\n${usage}`)
    const project = await openProjectForCli(positionals[0], !values['no-cache'])
    let target = positionals[1].replace(/\\/g, '/')
    // Accept a path given relative to the current directory or absolute, too.
    if (path.isAbsolute(target) || target.startsWith('./')) target = path.relative(project.root, path.resolve(target)).split(path.sep).join('/')
    const refs = findRefs(project, target, values.transitive)
    if (!refs) throw new CliError(`no asset "${positionals[1]}" in ${project.root} (give a path under Assets/ or Packages/, or a GUID)`, 1)
    if (values.json) {
      process.stdout.write(`${JSON.stringify(refs, null, 2)}\n`)
      return 0
    }
    const rows = (list: AssetRef[]) =>
      list.map((r) => [r.path ?? (r.builtin ? `(${r.builtin})` : '(unresolved)'), r.type ?? '', r.guid, values.transitive ? String(r.depth) : String(r.count)])
    const out = [
      `${refs.asset.path}  ${refs.asset.type}  ${refs.asset.guid ?? '(no GUID)'}`,
      '',
      `Dependencies (${refs.dependencies.length})`,
      refs.dependencies.length ? table(['path', 'type', 'guid', values.transitive ? 'depth' : 'count'], rows(refs.dependencies)) : '  none',
      '',
      `Used by (${refs.usedBy.length})`,
      refs.usedBy.length ? table(['path', 'type', 'guid', values.transitive ? 'depth' : 'count'], rows(refs.usedBy)) : '  none',
    ]
    process.stdout.write(`${out.join('\n')}\n`)
    return 0
  },
}
