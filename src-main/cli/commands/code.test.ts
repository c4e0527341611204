import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCSharpProject, type GeneratedCSharpProject } from '../../testing/csharp-project'
import { repoRoot } from '../../testing/fixtures'

/** `slate code definition|usages` as a whole process, on a generated project of real C#. */
const run = promisify(execFile)
let gen: GeneratedCSharpProject
let dataDir: string

async function slate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), ...args], { env: { ...process.env, SLATE_DATA_DIR: dataDir } })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

beforeAll(() => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-code-cli-'))
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-code-cli-data-'))
  gen = generateCSharpProject(root, 30, 12)
})

afterAll(() => {
  fs.rmSync(gen.root, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('slate code', () => {
  it('definition prints where a class is declared', async () => {
    const s = gen.scripts[4]
    const r = await slate('code', 'definition', gen.root, s.className, '--json')
    expect(r.code, r.stderr).toBe(0)
    const d = JSON.parse(r.stdout)
    const text = fs.readFileSync(path.join(gen.root, s.rel), 'utf8').split('\n')
    const line = text.findIndex((l) => l.includes(`public class ${s.className} `)) + 1
    expect({ path: d.path, line: d.line, column: d.column, kind: d.kind }).toEqual({ path: s.rel, line, column: text[line - 1].indexOf(s.className) + 1, kind: 'class' })
  })

  it('usages lists the code that uses a class and the prefabs with its components', async () => {
    const s = gen.scripts[3]
    const r = await slate('code', 'usages', gen.root, `${s.namespace}.${s.className}`, '--json')
    expect(r.code, r.stderr).toBe(0)
    const u = JSON.parse(r.stdout) as { code: { path: string }[]; unity: { path: string; kind: string; fields?: Record<string, string> }[] }
    // In code: every script whose `other` field is of this type (written as `public Comp3 other;`).
    const users = gen.scripts.filter((o) => fs.readFileSync(path.join(gen.root, o.rel), 'utf8').includes(`public ${s.className} other;`)).map((o) => o.rel)
    expect([...new Set(u.code.map((c) => c.path))].sort()).toEqual(users.sort())
    const prefabs = gen.prefabs.filter((p) => p.scriptGuids.includes(s.guid)).map((p) => p.rel)
    expect(u.unity.map((x) => x.path).sort()).toEqual(prefabs.sort())
    expect(u.unity.every((x) => x.kind === 'Prefab' && 'count' in (x.fields ?? {}))).toBe(true)
  })

  it('usages of a method include the UnityEvents wired to it', async () => {
    const h = gen.prefabs.find((p) => p.handlers.length > 0)!.handlers[0]
    const s = gen.scripts.find((x) => x.guid === h.script)!
    const r = await slate('code', 'usages', gen.root, `${s.className}.${h.method}`, '--json')
    expect(r.code, r.stderr).toBe(0)
    const u = JSON.parse(r.stdout) as { unity: { path: string; kind: string }[] }
    const expected = gen.prefabs.filter((p) => p.handlers.some((x) => x.script === h.script && x.method === h.method)).map((p) => p.rel)
    expect(u.unity.filter((x) => x.kind === 'UnityEvent').map((x) => x.path).sort()).toEqual(expected.sort())
  })

  it('says clearly when a symbol is not declared, with exit code 1', async () => {
    const r = await slate('code', 'definition', gen.root, 'NoSuchType')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/no declaration of "NoSuchType"/)
  })
})
