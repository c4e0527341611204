import type { CodeReference, CodeSymbol, RenameEdit } from '../../src-shared/types-code'
import type { UnityProject } from '../unity/unity-project'
import { readIndexedText } from './read-source'
import { toSymbol, type SymbolIndex } from './symbol-index'
import { isUnityMessage } from './unity-messages'
import { unityEventReferences } from './symbol-usages'
import { isUnityObjectClass, scriptClassOf } from './unity-usages'

/** Queries over the symbol index shared by the API handlers and the CLI (1-based positions in, out). */

export function hoverAt(index: SymbolIndex, rel: string, line: number, column: number): CodeSymbol | null {
  const { decl, ref } = index.at(rel, line - 1, column - 1)
  if (decl) return toSymbol({ rel, decl })
  if (!ref) return null
  const [first] = index.resolve(rel, ref)
  return first ? toSymbol(first) : null
}

/** References with the text of their line, for a result list. */
export function withLineText(project: UnityProject, refs: CodeReference[]): CodeReference[] {
  const lines = new Map<string, string[] | null>()
  return refs.map((r) => {
    if (!lines.has(r.path)) lines.set(r.path, readIndexedText(project, r.path)?.split('\n') ?? null)
    const text = lines.get(r.path)?.[r.line - 1]?.trim().slice(0, 200) ?? ''
    return { ...r, text }
  })
}

const IDENTIFIER = /^@?[A-Za-z_][A-Za-z0-9_]*$/
const KEYWORDS = new Set(
  'abstract as base bool break byte case catch char checked class const continue decimal default delegate do double else enum event explicit extern false finally fixed float for foreach goto if implicit in int interface internal is lock long namespace new null object operator out override params private protected public readonly ref return sbyte sealed short sizeof stackalloc static string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using virtual void volatile while'.split(' '),
)

/**
 * The edits of a rename. A method that UnityEvents call by name (m_MethodName in scenes and
 * prefabs) is renamed there too, as Rider does: otherwise the buttons silently stop calling it.
 */
export function renamePreview(project: UnityProject, index: SymbolIndex, rel: string, line: number, column: number, newName: string): { edits: RenameEdit[]; files: number; refused: string | null } {
  const none = (refused: string) => ({ edits: [], files: 0, refused })
  if (!IDENTIFIER.test(newName) || KEYWORDS.has(newName)) return none(`"${newName}" is not a C# identifier`)
  const targets = index.targetsAt(rel, line - 1, column - 1)
  if (targets.length === 0) return none('No symbol of the project is at this position')
  if (targets.length > 1) return none(`"${targets[0].decl.name}" here could be any of ${targets.length} declarations; rename from the declaration itself`)
  const target = targets[0]
  if (target.decl.kind === 'method' && isUnityMessage(target.decl.name)) {
    return none(`${target.decl.name} is a Unity message: Unity calls it by name, so renaming it would silently stop it being called`)
  }
  if (target.decl.kind === 'class' && scriptClassOf(index, target.rel) === target.decl.name && isUnityObjectClass(index, target.decl.name)) {
    return none(`${target.decl.name} is the Unity script class of ${target.rel}: rename the file and class together in Unity, or the scenes and prefabs that use it lose it`)
  }
  const unity = unityEventReferences(project, index, [target])
  const overridden = unity.find((r) => r.unityEvent?.override)
  if (overridden) {
    return none(`${target.decl.name} is set by name in a prefab override (${overridden.path}, line ${overridden.line}) whose target SLATE cannot check: rename it in Unity, or the buttons that call it stop working`)
  }
  const refs = [...index.referencesOf([target], true), ...unity]
  const edits = refs.map((r) => ({ path: r.path, line: r.line, column: r.column, length: target.decl.name.length, newText: newName }))
  return { edits, files: new Set(edits.map((e) => e.path)).size, refused: null }
}
