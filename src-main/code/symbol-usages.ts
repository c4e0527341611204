import type { CodeReference, CodeSymbol } from '../../src-shared/types-code'
import type { UnityProject } from '../unity/unity-project'
import { toSymbol, type DeclAt, type SymbolIndex } from './symbol-index'
import { scriptClassOf, unityEventOverrides, unityEventUsages, unityUsages } from './unity-usages'

/**
 * "Where is this used?" for a symbol given by name, in code and in Unity's files at once — what
 * `slate code usages` prints. A class that is a script: the scenes, prefabs and assets with an
 * object of it. A method: the UnityEvents wired to it. A serialized field: the objects that set it.
 */
export interface SymbolUsages {
  symbol: string
  definitions: CodeSymbol[]
  code: { path: string; line: number; column: number }[]
  unity: { path: string; kind: string; fields?: Record<string, string>; gameObject?: string | null; event?: string }[]
}

export function symbolUsages(project: UnityProject, index: SymbolIndex, symbol: string): SymbolUsages {
  const definitions = index.findDeclarations(symbol)
  const code = index
    .referencesOf(
      definitions.map((d) => ({ rel: d.path, decl: declOf(index, d) })),
      false,
    )
    .map((r) => ({ path: r.path, line: r.line, column: r.column }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column)
  const unity: SymbolUsages['unity'] = []
  for (const d of definitions) {
    if (d.kind === 'class' && scriptClassOf(index, d.path) === d.name) {
      for (const u of unityUsages(project, index, d.path, true).usages) {
        const fields = Object.assign({}, ...u.objects.map((o) => o.fields)) as Record<string, string>
        unity.push({ path: u.path, kind: u.kind, fields })
      }
    }
    const script = ownerScript(index, d)
    if (!script) continue
    if (d.kind === 'method') {
      for (const e of unityEventUsages(project, index, script, d.name)) unity.push({ path: e.path, kind: 'UnityEvent', gameObject: e.gameObject, event: e.event })
    } else if (d.kind === 'field' || d.kind === 'property') {
      for (const u of unityUsages(project, index, script, true).usages) {
        for (const o of u.objects) {
          const name = d.kind === 'property' ? `<${d.name}>k__BackingField` : d.name
          if (name in o.fields) unity.push({ path: u.path, kind: u.kind, gameObject: o.gameObject, fields: { [d.name]: o.fields[name] } })
        }
      }
    }
  }
  return { symbol, definitions, code, unity }
}

/** The script file whose Unity class declares a member (the class named as its file), if any. */
function ownerScript(index: SymbolIndex, member: CodeSymbol): string | null {
  const owner = member.container.slice(member.container.lastIndexOf('.') + 1)
  if (!owner) return null
  return index.typeDeclarations(member.container).find((t) => scriptClassOf(index, t.rel) === owner)?.rel ?? null
}

/**
 * The UnityEvents in scenes and prefabs wired to a method, as references (what Shift+F12 lists
 * beside the code uses): each points at the method name after `m_MethodName:` in the file.
 */
export function unityEventReferences(project: UnityProject, index: SymbolIndex, targets: DeclAt[]): CodeReference[] {
  const out: CodeReference[] = []
  for (const t of targets) {
    if (t.decl.kind !== 'method') continue
    const script = ownerScript(index, toSymbol(t))
    if (!script) continue
    for (const e of unityEventUsages(project, index, script, t.decl.name)) {
      const where = `${e.gameObject ?? 'an object'} ▸ ${e.event}`
      out.push({ path: e.path, line: e.line, column: e.column, text: `UnityEvent ${where} → ${e.method}`, declaration: false, unityEvent: { event: e.event, gameObject: e.gameObject } })
    }
    for (const o of unityEventOverrides(project, script, t.decl.name)) {
      out.push({ ...o, text: `prefab override: m_MethodName = ${t.decl.name} (possible use: its target is not checked)`, declaration: false, unityEvent: { event: 'prefab override', gameObject: null, override: true } })
    }
  }
  return out
}

function declOf(index: SymbolIndex, d: CodeSymbol) {
  const f = index.files.get(d.path)!
  return f.symbols.declarations.find((x) => x.line === d.line - 1 && x.column === d.column - 1)!
}
