import { ESLint } from 'eslint'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../src-main/testing/fixtures'
import { layers } from '../../eslint-rules/src-main-layers.js'

// The layering of src-main (eslint-rules/src-main-layers.js) is only worth having if it fires.
// Each case lints a snippet as if it lived at the given path, with the project's eslint.config.js.
const eslint = new ESLint({ cwd: repoRoot })

async function messages(relPath: string, code: string): Promise<string> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, relPath) })
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`).join('\n')
}

describe('src-main layers', () => {
  it('refuses an import of a higher layer, type-only imports included', async () => {
    const runtime = await messages('src-main/unity/bad.ts', "import { dispatch } from '../api/registry'\nexport const x = dispatch\n")
    expect(runtime).toMatch(/slate\/layers: src-main\/unity .* may not import src-main\/api/)
    const typeOnly = await messages('src-main/store/bad.ts', "import type { SlateCore } from '../host/slate-core'\nexport type X = SlateCore\n")
    expect(typeOnly).toMatch(/slate\/layers: src-main\/store .* may not import src-main\/host/)
    const deep = await messages('src-main/builds/runners/bad.ts', "export type X = import('../../serve/server').ServerHandle\n")
    expect(deep).toMatch(/slate\/layers: src-main\/builds .* may not import src-main\/serve/)
  })

  it('refuses imports between folders of the same layer', async () => {
    const msgs = await messages('src-main/console/bad.ts', "export { buildServiceOf } from '../builds/service'\n")
    expect(msgs).toMatch(/slate\/layers: src-main\/console and src-main\/builds are in the same layer/)
  })

  it('allows lower layers and the own folder', async () => {
    const ok = await messages(
      'src-main/builds/ok.ts',
      "import { resolveInProject } from '../core/project-paths'\nimport type { DataServices } from '../store/data-services'\nimport { startBuild } from './build-session'\nexport const x = [resolveInProject, startBuild]\nexport type Y = DataServices\n",
    )
    expect(ok).toBe('')
  })

  it('names a folder that is not in the map', async () => {
    const msgs = await messages('src-main/newthing/a.ts', "import { defaultDataDir } from '../core/data-dir'\nexport const x = defaultDataDir\n")
    expect(msgs).toMatch(/src-main\/newthing is not in the layering map/)
  })

  it('keeps test helpers out of production code but lets tests import anything', async () => {
    const prod = await messages('src-main/unity/bad.ts', "import { repoRoot } from '../testing/fixtures'\nexport const x = repoRoot\n")
    expect(prod).toMatch(/may not import test helpers/)
    const test = await messages('src-main/unity/thing.test.ts', "import { dispatch } from '../api/registry'\nimport { repoRoot } from '../testing/fixtures'\nexport const x = [dispatch, repoRoot]\n")
    expect(test).toBe('')
  })

  it('puts every folder of src-main in exactly one layer', () => {
    const all = layers.flatMap((l) => l.folders)
    expect(new Set(all).size).toBe(all.length)
    const present = fs.readdirSync(path.join(repoRoot, 'src-main'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'testing')
    expect(present.filter((d) => !all.includes(d.name)).map((d) => d.name)).toEqual([])
  })
})

describe('no import cycles in src-main', () => {
  it('refuses an import that closes a cycle, type-only included', async () => {
    // unity-yaml.ts imports yaml-value.ts; yaml-value importing it back closes the cycle.
    const msgs = await messages('src-main/unity/yaml/yaml-value.ts', "import type { UnityYamlFile } from './unity-yaml'\nexport type X = UnityYamlFile\n")
    expect(msgs).toMatch(/slate\/no-import-cycle: Import cycle: src-main\/unity\/yaml\/yaml-value\.ts → src-main\/unity\/yaml\/unity-yaml\.ts → src-main\/unity\/yaml\/yaml-value\.ts/)
    // through several files: the registry imports every handler file.
    const longer = await messages('src-main/api/handler.ts', "import type { dispatch } from './registry'\nexport type X = typeof dispatch\n")
    expect(longer).toMatch(/slate\/no-import-cycle: Import cycle: src-main\/api\/handler\.ts → src-main\/api\/registry\.ts → /)
  })

  it('passes the same file without the closing import', async () => {
    const msgs = await messages('src-main/unity/yaml/yaml-value.ts', 'export type YamlValue = string | null\n')
    expect(msgs).toBe('')
  })
})
