import type { CodeSymbol } from '../../src-shared/types-code'
import type { UnityProject } from '../unity/unity-project'
import type { SymbolIndex } from './symbol-index'
import { scriptClassOf, unityEventUsages, unityUsages } from './unity-usages'

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
    const owner = d.container.slice(d.container.lastIndexOf('.') + 1)
    const script = owner ? index.typeDeclarations(d.container).find((t) => scriptClassOf(index, t.rel) === owner) : undefined
    if (!script) continue
    if (d.kind === 'method') {
      for (const e of unityEventUsages(project, index, script.rel, d.name)) unity.push({ path: e.path, kind: 'UnityEvent', gameObject: e.gameObject, event: e.event })
    } else if (d.kind === 'field' || d.kind === 'property') {
      for (const u of unityUsages(project, index, script.rel, true).usages) {
        for (const o of u.objects) {
          const name = d.kind === 'property' ? `<${d.name}>k__BackingField` : d.name
          if (name in o.fields) unity.push({ path: u.path, kind: u.kind, gameObject: o.gameObject, fields: { [d.name]: o.fields[name] } })
        }
      }
    }
  }
  return { symbol, definitions, code, unity }
}

function declOf(index: SymbolIndex, d: CodeSymbol) {
  const f = index.files.get(d.path)!
  return f.symbols.declarations.find((x) => x.line === d.line - 1 && x.column === d.column - 1)!
}
