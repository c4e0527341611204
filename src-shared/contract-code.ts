import { z } from 'zod'
import { call, event, projectPath } from './contract-kit'
import type * as C from './types-code'

/**
 * C# intelligence (src-main/code): the symbol index of the project's scripts, joined to Unity's
 * reference graph. Positions are 1-based (line, column), as Monaco and people count them.
 */
const position = { path: projectPath, line: z.number().int().min(1).max(10_000_000), column: z.number().int().min(1).max(1_000_000) }

export const codeCalls = {
  'code.status': call<C.CodeIndexStatus>()(z.object({}).strict(), 'Figures of the C# symbol index (brought up to date first)'),
  'code.definition': call<C.CodeSymbol[]>()(z.object(position).strict(), 'Where the symbol at a position is declared (F12)'),
  'code.references': call<C.CodeReference[]>()(
    z.object({ ...position, includeDeclaration: z.boolean().default(true) }).strict(),
    'Every use of the symbol at a position: symbol-aware, not text matches in comments or strings',
  ),
  'code.hover': call<C.CodeSymbol | null>()(z.object(position).strict(), "The declaration under a position: signature and doc comment"),
  'code.outline': call<C.CodeSymbol[]>()(z.object({ path: projectPath }).strict(), 'Namespaces, types and members of one file'),
  'code.symbols': call<C.CodeSymbol[]>()(
    z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    'Types and members of the whole project whose name contains the query (Ctrl+T)',
  ),
  'code.find': call<C.CodeSymbol[]>()(z.object({ symbol: z.string().min(1).max(500) }).strict(), 'Declarations of a symbol by simple or dotted name ("Engine", "Boat.Engine.Update")'),
  'code.renamePreview': call<{ edits: C.RenameEdit[]; files: number; refused: string | null }>()(
    z.object({ ...position, newName: z.string().min(1).max(200) }).strict(),
    'The edits renaming the symbol at a position would make, across files (nothing is written)',
  ),
  'code.lenses': call<C.CodeLens[]>()(z.object({ path: projectPath }).strict(), 'Code lenses of a script: the scenes, prefabs and assets that use its class'),
  'code.unityUsages': call<C.UnityUsagesResult>()(
    z.object({ path: projectPath, fields: z.boolean().default(true) }).strict(),
    'The scenes, prefabs and assets that use a script, with the field values each object serializes',
  ),
  'code.unityEvents': call<C.UnityEventUsage[]>()(
    z.object({ path: projectPath, method: z.string().max(200).optional() }).strict(),
    "UnityEvent handlers wired in scenes and prefabs to methods of a script's class",
  ),
  'code.assemblies': call<{ assemblies: C.AssemblyInfo[]; assemblyOf: string | null }>()(
    z.object({ path: projectPath.optional() }).strict(),
    'The assembly definition graph (.asmdef), and the assembly a file compiles into',
  ),
  'code.languageServer': call<C.LanguageServerStatus>()(z.object({}).strict(), 'Whether a C# language server (csharp-ls, OmniSharp) was found and runs'),
  'code.sync': call<C.LanguageServerStatus>()(
    z.object({ path: projectPath, content: z.string().max(32 * 1024 * 1024) }).strict(),
    "Give the C# language server a script's current text (started on first use when one is found); its diagnostics follow as code.diagnostics",
  ),
  'code.completion': call<{ items: { label: string; kind: number; detail?: string; insertText?: string }[]; server: string | null }>()(
    z.object({ ...position, content: z.string().max(32 * 1024 * 1024) }).strict(),
    'Completion from the C# language server, when one runs (empty otherwise)',
  ),
}

export const codeEvents = {
  // only a file's newest list matters; keyed so each open file gets its own
  'code.diagnostics': event<C.CodeDiagnosticsEvent>("The C# language server's diagnostics of one file (the whole current list)", {
    mode: 'latest',
    perSecond: 4,
    key: (p) => p.path,
  }),
} as const
