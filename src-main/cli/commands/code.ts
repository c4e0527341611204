import { parseArgs } from 'node:util'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CliError, type CliCommand } from '../command'
import { openProjectForCli, table } from './unity-cli-shared'
import { defaultDataDir } from '../../core/data-dir'
import { CodeService } from '../../code/code-service'
import { symbolUsages } from '../../code/symbol-usages'

const usage = `Usage: slate code definition <project> <Symbol> [--json]
       slate code usages <project> <Symbol> [--json]

C# that knows Unity, from SLATE's symbol index of the project's scripts (tree-sitter's C# parser)
joined to the GUID reference graph.

  definition   where a symbol is declared
  usages       where it is used: in code (symbol-aware: not comments, strings or other
               symbols of the same name), and in Unity's files (scenes, prefabs and assets
               with an object of a script class, UnityEvents wired to a method, objects
               that serialize a field)

<Symbol> is a simple or dotted name: Engine, Boat.Engine, Engine.Update, Engine.speed.

Options:
  --json       definition: {path, line, column, kind, name, fullName, signature, all: [...]}
               usages: {symbol, code: [{path, line, column}], unity: [{path, kind, fields?}]}
               (lines and columns are 1-based)
  --no-cache   ignore the persisted indexes`

export const codeCommand: CliCommand = {
  name: 'code',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, 'no-cache': { type: 'boolean', default: false } },
    })
    const [verb, folder, symbol] = positionals
    if (verb !== 'definition' && verb !== 'usages') throw new CliError(`expected "definition" or "usages"\n\n${usage}`)
    if (!folder || !symbol || positionals.length !== 3) throw new CliError(`expected a project folder and a symbol\n\n${usage}`)
    const project = await openProjectForCli(folder, !values['no-cache'])
    // --no-cache: a throwaway data folder (never inside the project), removed at the end.
    const scratch = values['no-cache'] ? fs.mkdtempSync(path.join(os.tmpdir(), 'slate-code-')) : null
    const dataDir = scratch ?? defaultDataDir()
    const service = new CodeService({ dataDir, unityProject: async () => project })
    try {
      const { index } = await service.get()
      service.saveNow()
      if (verb === 'definition') {
        const all = index.findDeclarations(symbol)
        if (all.length === 0) throw new CliError(`no declaration of "${symbol}" in the project's C# scripts (${index.files.size} files indexed)`, 1)
        const best = all[0]
        if (values.json) {
          const { path: p, line, column, kind, name, fullName, signature } = best
          process.stdout.write(`${JSON.stringify({ path: p, line, column, kind, name, fullName, signature, all }, null, 2)}\n`)
        } else {
          process.stdout.write(`${table(['path:line:column', 'kind', 'symbol', 'signature'], all.map((d) => [`${d.path}:${d.line}:${d.column}`, d.kind, d.fullName, d.signature]))}\n`)
        }
        return 0
      }
      const result = symbolUsages(project, index, symbol)
      if (result.definitions.length === 0) throw new CliError(`no declaration of "${symbol}" in the project's C# scripts (${index.files.size} files indexed)`, 1)
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ symbol, code: result.code, unity: result.unity }, null, 2)}\n`)
        return 0
      }
      const out = [
        `${result.definitions.map((d) => `${d.fullName} (${d.kind})  ${d.path}:${d.line}`).join('\n')}`,
        '',
        `In code (${result.code.length})`,
        result.code.length ? result.code.map((c) => `  ${c.path}:${c.line}:${c.column}`).join('\n') : '  none',
        '',
        `In Unity (${result.unity.length})`,
        result.unity.length
          ? table(['path', 'kind', 'detail'], result.unity.map((u) => [u.path, u.kind, u.event ?? Object.entries(u.fields ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')]))
          : '  none',
      ]
      process.stdout.write(`${out.join('\n')}\n`)
      return 0
    } finally {
      await service.close()
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
    }
  },
}
