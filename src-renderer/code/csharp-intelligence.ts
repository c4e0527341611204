import type { SlateClient } from '../../src-shared/contract'
import type { CodeSymbol, CodeSymbolKind } from '../../src-shared/types-code'
import { languageOf, monaco, projectPathOf, projectUri } from './monaco'

/**
 * C# in Monaco, answered by the core's symbol index (src-main/code): go to definition (F12,
 * Ctrl/Cmd+click), peek (Alt+F12), find references (Shift+F12), hover, the outline
 * (Ctrl/Cmd+Shift+O) and the Unity code lens "used in N prefabs". Definitions in other files
 * open through the app's own navigation; peek and reference lists need a model per file, which
 * is created from the file's content on demand.
 */
export interface CSharpHooks {
  client: SlateClient | null
  /** Open a project file at a 1-based position in the code view. */
  openFile(path: string, line: number, column: number): void
  /** Show the Unity usages of a script (the code lens's command). */
  showUnityUsages(path: string, className: string): void
}

const hooks: CSharpHooks = { client: null, openFile: () => undefined, showUnityUsages: () => undefined }
export function setCSharpHooks(h: Partial<CSharpHooks>): void {
  Object.assign(hooks, h)
}

const pathOf = (model: monaco.editor.ITextModel) => projectPathOf(model.uri)

/** Models for files a peek or reference list shows (at most 100 files per request). */
async function ensureModels(paths: string[]): Promise<void> {
  const client = hooks.client
  if (!client) return
  const missing = [...new Set(paths)].filter((p) => !monaco.editor.getModel(projectUri(p))).slice(0, 100)
  await Promise.all(
    missing.map(async (p) => {
      try {
        const snap = await client.call('files.open', { path: p })
        if (!monaco.editor.getModel(projectUri(p))) monaco.editor.createModel(snap.content, languageOf(p, snap.content), projectUri(p))
      } catch {
        // a file that cannot be opened is left out of the peek; the list still names it
      }
    }),
  )
}

const KIND: Record<CodeSymbolKind, monaco.languages.SymbolKind> = {
  namespace: monaco.languages.SymbolKind.Namespace,
  class: monaco.languages.SymbolKind.Class,
  struct: monaco.languages.SymbolKind.Struct,
  interface: monaco.languages.SymbolKind.Interface,
  enum: monaco.languages.SymbolKind.Enum,
  record: monaco.languages.SymbolKind.Class,
  delegate: monaco.languages.SymbolKind.Function,
  method: monaco.languages.SymbolKind.Method,
  constructor: monaco.languages.SymbolKind.Constructor,
  property: monaco.languages.SymbolKind.Property,
  field: monaco.languages.SymbolKind.Field,
  event: monaco.languages.SymbolKind.Event,
  enumMember: monaco.languages.SymbolKind.EnumMember,
}

function rangeOf(s: { line: number; column: number }, length: number): monaco.IRange {
  return { startLineNumber: s.line, startColumn: s.column, endLineNumber: s.line, endColumn: s.column + length }
}

async function call<T>(fn: (client: SlateClient) => Promise<T>, fallback: T): Promise<T> {
  const client = hooks.client
  if (!client) return fallback
  try {
    return await fn(client)
  } catch {
    return fallback // a file outside the index (or no project): no answer rather than an error popup
  }
}

monaco.languages.registerDefinitionProvider('csharp', {
  async provideDefinition(model, position) {
    const path = pathOf(model)
    const defs = await call((c) => c.call('code.definition', { path, line: position.lineNumber, column: position.column }), [] as CodeSymbol[])
    await ensureModels(defs.map((d) => d.path))
    return defs.map((d) => ({ uri: projectUri(d.path), range: rangeOf(d, d.name.length) }))
  },
})

monaco.languages.registerReferenceProvider('csharp', {
  async provideReferences(model, position, context) {
    const path = pathOf(model)
    const refs = await call((c) => c.call('code.references', { path, line: position.lineNumber, column: position.column, includeDeclaration: context.includeDeclaration }), [])
    await ensureModels(refs.map((r) => r.path))
    const word = model.getWordAtPosition(position)?.word ?? ''
    return refs.map((r) => ({ uri: projectUri(r.path), range: rangeOf(r, word.length) }))
  },
})

monaco.languages.registerHoverProvider('csharp', {
  async provideHover(model, position) {
    const path = pathOf(model)
    const s = await call((c) => c.call('code.hover', { path, line: position.lineNumber, column: position.column }), null)
    if (!s) return null
    const where = s.path === path ? `line ${s.line}` : `${s.path}:${s.line}`
    const contents: monaco.IMarkdownString[] = [{ value: `\`\`\`csharp\n${s.signature}\n\`\`\`` }]
    if (s.doc) contents.push({ value: s.doc })
    contents.push({ value: `*${s.kind}${s.container ? ` in ${s.container}` : ''} — ${where}${s.unityMessage ? ' — a Unity message: Unity calls it by name' : ''}*` })
    return { contents }
  },
})

monaco.languages.registerDocumentSymbolProvider('csharp', {
  displayName: 'SLATE C# index',
  async provideDocumentSymbols(model) {
    const list = await call((c) => c.call('code.outline', { path: pathOf(model) }), [] as CodeSymbol[])
    // Nest by container: a member's container is its type's full name.
    const byFull = new Map<string, monaco.languages.DocumentSymbol>()
    const roots: monaco.languages.DocumentSymbol[] = []
    for (const s of list) {
      const sym: monaco.languages.DocumentSymbol = {
        name: s.name,
        detail: s.signature,
        kind: KIND[s.kind],
        tags: [],
        range: { startLineNumber: s.line, startColumn: 1, endLineNumber: Math.max(s.line, s.endLine), endColumn: model.getLineMaxColumn(Math.min(model.getLineCount(), Math.max(s.line, s.endLine))) },
        selectionRange: rangeOf(s, s.name.length),
        children: [],
      }
      const parent = byFull.get(s.container)
      if (parent) parent.children!.push(sym)
      else roots.push(sym)
      byFull.set(s.fullName, sym)
    }
    return roots
  },
})

const SHOW_USAGES = 'slate.showUnityUsages'
monaco.editor.registerCommand(SHOW_USAGES, (_accessor, path: string, className: string) => hooks.showUnityUsages(path, className))

monaco.languages.registerCodeLensProvider('csharp', {
  async provideCodeLenses(model) {
    const path = pathOf(model)
    const lenses = await call((c) => c.call('code.lenses', { path }), [])
    return {
      lenses: lenses.map((l) => {
        const parts = Object.entries(l.byKind)
          .sort((a, b) => b[1] - a[1])
          .map(([kind, n]) => `${n} ${kind.toLowerCase()}${n === 1 ? '' : 's'}`)
        const title = l.count === 0 ? 'Unity: not used in any scene, prefab or asset' : `Unity: used in ${parts.join(', ')}`
        return { range: { startLineNumber: l.line, startColumn: 1, endLineNumber: l.line, endColumn: 1 }, command: { id: SHOW_USAGES, title, arguments: [path, l.className] } }
      }),
      dispose: () => undefined,
    }
  },
})

// Definitions in another file: open it in the code view at the declaration (Monaco's standalone
// editor would otherwise do nothing).
monaco.editor.registerEditorOpener({
  openCodeEditor(_source, resource, selectionOrPosition) {
    if (resource.scheme !== 'slate') return false
    const pos = selectionOrPosition && 'startLineNumber' in selectionOrPosition ? { line: selectionOrPosition.startLineNumber, column: selectionOrPosition.startColumn } : selectionOrPosition ? { line: selectionOrPosition.lineNumber, column: selectionOrPosition.column } : { line: 1, column: 1 }
    hooks.openFile(projectPathOf(resource), pos.line, pos.column)
    return true
  },
})
