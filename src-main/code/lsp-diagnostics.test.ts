import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CodeDiagnosticsEvent, LanguageServerStatus } from '../../src-shared/types-code'
import { dispatch } from '../api/registry'
import { SlateCore } from '../host/slate-core'
import { repoRoot, unityFixture } from '../testing/fixtures'

/**
 * A configured language server through the core, as the editor uses it: `code.sync` gives the
 * server a script's text, its diagnostics come back as `code.diagnostics` events with project
 * paths and 1-based positions. No C# language server can be installed here (csharp-ls and
 * OmniSharp need the .NET SDK), so the server is a real general-purpose one from npm,
 * diagnostic-languageserver, configured (SLATE_CSHARP_LS_INIT) to run Mono's C# compiler in
 * parse mode: real C# syntax errors, from a real compiler, over real LSP. The expected errors are
 * what `mcs --parse` prints for the same text, run by the test itself.
 */
const SERVER = `${path.join(repoRoot, 'node_modules', '.bin', 'diagnostic-languageserver')} --stdio`
const INIT = path.join(repoRoot, 'test', 'lsp', 'mcs-diagnostics.json')
const SCRIPT = 'Assets/Scripts/Broken.cs'
const BROKEN = 'namespace Game\n{\n    public class Broken\n    {\n        public void Run() { int x = ; }\n    }\n}\n'
const FIXED = BROKEN.replace('int x = ;', 'int x = 1;')

let root: string
let dataDir: string
let core: SlateCore
const saved = { ls: process.env.SLATE_CSHARP_LS, init: process.env.SLATE_CSHARP_LS_INIT }

beforeAll(async () => {
  process.env.SLATE_CSHARP_LS = SERVER
  process.env.SLATE_CSHARP_LS_INIT = INIT
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-lsp-project-'))
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-lsp-data-'))
  fs.cpSync(path.join(unityFixture('NavMeshComponents'), 'ProjectSettings'), path.join(root, 'ProjectSettings'), { recursive: true })
  fs.mkdirSync(path.join(root, 'Assets', 'Scripts'), { recursive: true })
  fs.writeFileSync(path.join(root, SCRIPT), BROKEN)
  core = new SlateCore({ runtime: 'cli', dataDir })
  await core.init()
  await core.openProject(root)
})
afterAll(async () => {
  await core.dispose()
  process.env.SLATE_CSHARP_LS = saved.ls
  process.env.SLATE_CSHARP_LS_INIT = saved.init
  if (saved.ls === undefined) delete process.env.SLATE_CSHARP_LS
  if (saved.init === undefined) delete process.env.SLATE_CSHARP_LS_INIT
  fs.rmSync(root, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function call<T>(name: string, args: unknown): Promise<T> {
  const r = await dispatch(core, name, args)
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`)
  return r.result as T
}

/** The next code.diagnostics of a path that satisfies `done`. */
function nextDiagnostics(rel: string, done: (e: CodeDiagnosticsEvent) => boolean): Promise<CodeDiagnosticsEvent> {
  return new Promise((resolve) => {
    const off = core.events.on('code.diagnostics', (e) => {
      if (e.path === rel && done(e)) {
        off()
        resolve(e)
      }
    })
  })
}

/** `mcs --parse` on the text, read as (line, column, code, message). */
function mcsErrors(text: string): { line: number; column: number; code: string; message: string }[] {
  const file = path.join(dataDir, 'oracle.cs')
  fs.writeFileSync(file, text)
  let out = ''
  try {
    execFileSync('mcs', ['--parse', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (e) {
    out = (e as { stderr: string }).stderr
  }
  return [...out.matchAll(/\((\d+),(\d+)\): error (CS\d+): (.*)/g)].map((m) => ({ line: Number(m[1]), column: Number(m[2]), code: m[3], message: m[4] }))
}

describe('a configured language server through the core', () => {
  it('is found before it starts, and says which', async () => {
    const st = await call<LanguageServerStatus>('code.languageServer', {})
    expect(st.state).toBe('starting')
    expect(st.server).toBe('diagnostic-languageserver')
  })

  it("publishes a script's syntax errors as code.diagnostics with project paths and 1-based positions, and clears them when fixed", async () => {
    const expected = mcsErrors(BROKEN)
    expect(expected.length).toBeGreaterThan(0)
    const got = nextDiagnostics(SCRIPT, (e) => e.diagnostics.length > 0)
    const st = await call<LanguageServerStatus>('code.sync', { path: SCRIPT, content: BROKEN })
    expect(st.state).toBe('running')
    const e = await got
    expect(e.server).toBe('diagnostic-languageserver')
    expect(e.diagnostics.map((d) => ({ line: d.line, column: d.column, severity: d.severity }))).toEqual(expected.map((x) => ({ line: x.line, column: x.column, severity: 'error' })))
    expect(e.diagnostics[0].message).toContain(expected[0].code)
    expect(e.diagnostics[0].message).toContain(expected[0].message)

    const cleared = nextDiagnostics(SCRIPT, (x) => x.diagnostics.length === 0)
    await call('code.sync', { path: SCRIPT, content: FIXED })
    expect((await cleared).diagnostics).toEqual([])
    expect(mcsErrors(FIXED)).toEqual([])
  })

  it('refuses a path outside the project', async () => {
    const r = await dispatch(core, 'code.sync', { path: '../outside.cs', content: 'class X {}' })
    expect(r.ok).toBe(false)
  })

  it('stops the server when another project opens (it was started for one root)', async () => {
    expect((await call<LanguageServerStatus>('code.languageServer', {})).state).toBe('running')
    await core.openProject(unityFixture('NavMeshComponents'))
    const st = await call<LanguageServerStatus>('code.languageServer', {})
    expect(st.state).not.toBe('running')
    expect(st.server).toBe('diagnostic-languageserver') // still found, starts again on the next sync
  })
})
