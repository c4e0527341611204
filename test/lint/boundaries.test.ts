import { ESLint } from 'eslint'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../src-main/testing/fixtures'

// The boundary rules are only worth having if they fire. Each case lints a snippet as if it lived
// at the given path, with the project's real eslint.config.js.
const eslint = new ESLint({ cwd: repoRoot })

async function ruleIds(relPath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, relPath) })
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

describe('lint boundaries', () => {
  it('refuses Node built-ins in the renderer', async () => {
    const msgs = await ruleIds('src-renderer/views/Bad.tsx', "import fs from 'fs'\nexport const x = fs\n")
    expect(msgs.join('\n')).toMatch(/no-restricted-imports.*no Node built-ins/)
    const prefixed = await ruleIds('src-renderer/views/Bad.tsx', "import { readFile } from 'node:fs/promises'\nexport const x = readFile\n")
    expect(prefixed.join('\n')).toMatch(/no-restricted-imports/)
  })

  it('refuses runtime imports of src-main in the renderer but allows type-only ones', async () => {
    const runtime = await ruleIds('src-renderer/views/Bad.tsx', "import { SlateCore } from '../../src-main/host/slate-core'\nexport const x = SlateCore\n")
    expect(runtime.join('\n')).toMatch(/only types from the core/)
    const typeOnly = await ruleIds('src-renderer/views/Ok.tsx', "import type { SlateCore } from '../../src-main/host/slate-core'\nexport type X = SlateCore\n")
    expect(typeOnly).toEqual([])
  })

  it('refuses electron outside the Electron glue', async () => {
    const msgs = await ruleIds('src-main/unity/bad.ts', "import { app } from 'electron'\nexport const x = app\n")
    expect(msgs.join('\n')).toMatch(/Only the Electron glue/)
    const glue = await ruleIds('src-main/electron/ok.ts', "import { app } from 'electron'\nexport const x = app\n")
    expect(glue).toEqual([])
  })

  it('keeps raw ipcMain inside its wrapper', async () => {
    const msgs = await ruleIds('src-main/electron/other.ts', "import { ipcMain } from 'electron'\nexport const x = ipcMain\n")
    expect(msgs.join('\n')).toMatch(/Raw IPC only/)
    const wrapper = await ruleIds('src-main/electron/ipc-main.ts', "import { ipcMain } from 'electron'\nexport const x = ipcMain\n")
    expect(wrapper).toEqual([])
  })
})

describe('lint boundaries: src-shared', () => {
  it('keeps the contract free of Node and of runtime folders', async () => {
    const node = await ruleIds('src-shared/bad.ts', "import os from 'node:os'\nexport const x = os\n")
    expect(node.join('\n')).toMatch(/no Node built-ins/)
    const core = await ruleIds('src-shared/bad.ts', "import { SlateCore } from '../src-main/core/slate-core'\nexport const x = SlateCore\n")
    expect(core.join('\n')).toMatch(/depends on nothing but itself/)
  })
})
