import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unityFixture } from '../testing/fixtures'
import { UnityProject } from '../unity/unity-project'
import { CodeService } from './code-service'
import { buildAssemblyGraph, predefinedAssembly } from './assemblies'
import { unityEventUsages, unityUsages } from './unity-usages'

/**
 * Unity usages of scripts on BoatAttack, checked against an independent reading of the files:
 * a plain text search of every file for the script's GUID (usages), and a whole-text regex over
 * every persistent call (UnityEvent handlers). The fixture's .cs files are one-line placeholders,
 * so these tests are about the Unity side; code-index.test.ts covers the C# side on real code.
 */
const root = unityFixture('BoatAttack')
let dataDir: string
let project: UnityProject
let service: CodeService

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name)
    if (e.isDirectory()) walk(abs, out)
    else if (e.isFile()) out.push(abs)
  }
  return out
}

const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/')
let allFiles: string[]
let scripts: { rel: string; guid: string }[]

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-usages-'))
  project = await UnityProject.openAsync(root, { cacheDir: path.join(dataDir, 'cache') })
  service = new CodeService({ dataDir, unityProject: async () => project })
  allFiles = [...walk(path.join(root, 'Assets')), ...walk(path.join(root, 'Packages'))]
  scripts = allFiles
    .filter((f) => f.endsWith('.cs.meta'))
    .map((f) => ({ rel: rel(f).slice(0, -5), guid: /guid: ([0-9a-f]{32})/.exec(fs.readFileSync(f, 'utf8'))?.[1] ?? '' }))
    .filter((s) => s.guid && fs.existsSync(path.join(root, s.rel)))
})

afterAll(async () => {
  await service.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('Unity usages of a script', () => {
  it('lists exactly the files that reference the script GUID', async () => {
    const { index } = await service.get()
    const texts = allFiles
      .filter((f) => !f.endsWith('.meta') && /\.(unity|prefab|asset|mat|controller|overrideController|playable|anim|mixer|lighting|preset|signal|spriteatlas)$/.test(f))
      .map((f) => ({ rel: rel(f), text: fs.readFileSync(f, 'latin1') }))
    let checked = 0
    for (const s of scripts) {
      const expected = texts.filter((t) => t.text.includes(`guid: ${s.guid}`)).map((t) => t.rel).sort()
      const got = unityUsages(project, index, s.rel, false).usages.map((u) => u.path).sort()
      expect(got, s.rel).toEqual(expected)
      if (expected.length > 0) checked++
    }
    expect(checked).toBeGreaterThan(10) // BoatAttack's scripts are used by dozens of prefabs and scenes
  })

  it("names each object of the script and the fields it serializes", async () => {
    const { index } = await service.get()
    const used = scripts.find((s) => unityUsages(project, index, s.rel, false).usages.some((u) => u.path.endsWith('.prefab')))!
    const r = unityUsages(project, index, used.rel, true)
    const prefab = r.usages.find((u) => u.path.endsWith('.prefab'))!
    const text = fs.readFileSync(path.join(root, prefab.path), 'utf8')
    // Independently: every MonoBehaviour document whose m_Script names the GUID.
    const docs = text.split(/\n(?=--- !u!)/).filter((d) => d.startsWith('--- !u!114 ') && new RegExp(`m_Script: \\{fileID: 11500000, guid: ${used.guid}`).test(d))
    expect(prefab.objects.map((o) => o.fileId).sort()).toEqual(docs.map((d) => /&(-?\d+)/.exec(d)![1]).sort())
    const first = docs[0]
    const fieldNames = [...first.matchAll(/^ {2}([A-Za-z_]\w*):/gm)].map((m) => m[1]).filter((n) => !/^m_(ObjectHideFlags|CorrespondingSourceObject|PrefabInstance|PrefabAsset|GameObject|Enabled|EditorHideFlags|Script|Name|EditorClassIdentifier)$/.test(n))
    const obj = prefab.objects.find((o) => o.fileId === /&(-?\d+)/.exec(first)![1])!
    expect(Object.keys(obj.fields).sort()).toEqual([...new Set(fieldNames)].sort())
    const goId = /m_GameObject: \{fileID: (-?\d+)\}/.exec(first)?.[1]
    const goName = new RegExp(`--- !u!1 &${goId}\\n(?:.*\\n)*? {2}m_Name: (.*)`).exec(text)?.[1]
    expect(obj.gameObject).toBe(goName ?? null)
  })

  it('finds every UnityEvent handler wired to a script, as the files hold them', async () => {
    const { index } = await service.get()
    // Independently: for each persistent call, the target document's m_Script GUID.
    const expected = new Set<string>()
    for (const f of allFiles.filter((x) => /\.(prefab|unity)$/.test(x))) {
      const text = fs.readFileSync(f, 'utf8')
      if (!text.includes('m_MethodName:')) continue
      const scriptOf = new Map<string, string>()
      for (const m of text.matchAll(/--- !u!114 &(-?\d+)\n(?:(?!---)[^\n]*\n)*?\s+m_Script: \{fileID: \d+, guid: ([0-9a-f]{32})/g)) scriptOf.set(m[1], m[2])
      for (const m of text.matchAll(/m_Target: \{fileID: (-?\d+)\}\n(?:\s+m_TargetAssemblyTypeName:[^\n]*\n)?\s+m_MethodName: (\S+)/g)) {
        const guid = scriptOf.get(m[1])
        if (guid) expected.add(`${rel(f)} ${guid} ${m[2]}`)
      }
    }
    const got = new Set<string>()
    for (const s of scripts) for (const u of unityEventUsages(project, index, s.rel)) got.add(`${u.path} ${s.guid} ${u.method}`)
    expect(expected.size).toBeGreaterThan(0)
    expect([...got].sort()).toEqual([...expected].sort())
  })
})

describe('assemblies', () => {
  it("puts each script in its .asmdef's assembly or in Unity's predefined one", () => {
    const graph = buildAssemblyGraph(project)
    const defs = allFiles.filter((f) => f.endsWith('.asmdef'))
    expect(graph.assemblies.filter((a) => a.definition).length).toBe(defs.length)
    for (const d of defs) {
      const name = JSON.parse(fs.readFileSync(d, 'utf8').replace(/^\uFEFF/, '')).name as string
      const folder = rel(path.dirname(d))
      const script = scripts.find((s) => s.rel.startsWith(`${folder}/`) && !defs.some((o) => o !== d && path.dirname(o).startsWith(path.dirname(d) + path.sep) && s.rel.startsWith(rel(path.dirname(o)) + '/')))
      if (script) expect(graph.assemblyOf(script.rel), script.rel).toBe(name)
    }
    expect(predefinedAssembly('Assets/Scripts/Editor/Tool.cs')).toBe('Assembly-CSharp-Editor')
    expect(predefinedAssembly('Assets/Plugins/Lib.cs')).toBe('Assembly-CSharp-firstpass')
    expect(predefinedAssembly('Assets/Plugins/Editor/LibEditor.cs')).toBe('Assembly-CSharp-Editor-firstpass')
    expect(predefinedAssembly('Assets/Scripts/Boat.cs')).toBe('Assembly-CSharp')
  })
})
