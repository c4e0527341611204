import type { SlateClient } from '../../src-shared/contract'
import type { CodeDiagnostic, LanguageServerStatus } from '../../src-shared/types-code'
import { onProjectSwitch } from '../state/project-scope'
import { monaco, projectPathOf, projectUri } from './monaco'

/**
 * The user's C# language server (csharp-ls, OmniSharp) in Monaco, through the core
 * (src-main/code/lsp-client.ts): completion, and its diagnostics as markers (red and yellow
 * squiggles, the Problems-style hover). C# models are synced to the server as they change
 * (debounced), since the server only knows what it was told. With no server found nothing is
 * synced, and the code view says how to get one; SLATE's own index keeps answering F12,
 * Shift+F12, hover and the Unity features either way.
 */
const OWNER = 'slate-language-server'
const SYNC_DELAY_MS = 400

const unknownStatus: LanguageServerStatus = { state: 'not-found', server: null, detail: 'Looking for a C# language server…' }
let status: LanguageServerStatus = unknownStatus
const statusListeners = new Set<() => void>()

function setStatus(next: LanguageServerStatus): void {
  if (next.state === status.state && next.server === status.server && next.detail === status.detail) return
  status = next
  // A server that stopped or failed has no current diagnostics: its old squiggles would mislead.
  if (next.state === 'failed' || next.state === 'not-found') {
    latest.clear()
    for (const model of monaco.editor.getModels()) monaco.editor.setModelMarkers(model, OWNER, [])
  }
  for (const l of statusListeners) l()
}

/** For the code view's status line (useSyncExternalStore). */
export const languageServerStatus = {
  get: () => status,
  subscribe(l: () => void) {
    statusListeners.add(l)
    return () => statusListeners.delete(l)
  },
}

let client: SlateClient | null = null
/** The newest diagnostics per project path, kept for models opened after they arrived. */
const latest = new Map<string, CodeDiagnostic[]>()
const timers = new Map<string, ReturnType<typeof setTimeout>>()

const pathOf = (model: monaco.editor.ITextModel) => projectPathOf(model.uri)
const isProjectCSharp = (model: monaco.editor.ITextModel) => model.uri.scheme === 'slate' && model.getLanguageId() === 'csharp'

onProjectSwitch(() => {
  latest.clear()
  for (const t of timers.values()) clearTimeout(t)
  timers.clear()
  setStatus(unknownStatus)
})

const SEVERITY: Record<CodeDiagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
  hint: monaco.MarkerSeverity.Hint,
}

function applyMarkers(model: monaco.editor.ITextModel, list: CodeDiagnostic[]): void {
  monaco.editor.setModelMarkers(
    model,
    OWNER,
    list.map((d) => ({
      startLineNumber: d.line,
      startColumn: d.column,
      // a zero-width range would draw nothing: mark the word (or one character) at least
      endLineNumber: d.endLine,
      endColumn: d.endLine === d.line && d.endColumn <= d.column ? d.column + 1 : d.endColumn,
      severity: SEVERITY[d.severity],
      message: d.message,
      code: d.code ?? undefined,
      source: d.source ?? undefined,
    })),
  )
}

async function sync(model: monaco.editor.ITextModel): Promise<void> {
  // Also while failed: the core starts the server again at most every 30 s and says so in the status.
  if (!client || model.isDisposed()) return
  try {
    setStatus(await client.call('code.sync', { path: pathOf(model), content: model.getValue() }))
  } catch {
    // a file outside the project or a switch in flight: nothing to tell the server
  }
}

function scheduleSync(model: monaco.editor.ITextModel): void {
  const key = model.uri.toString()
  clearTimeout(timers.get(key))
  timers.set(
    key,
    setTimeout(() => {
      timers.delete(key)
      void sync(model)
    }, SYNC_DELAY_MS),
  )
}

function watch(model: monaco.editor.ITextModel): void {
  if (!isProjectCSharp(model)) return
  const known = latest.get(pathOf(model))
  if (known) applyMarkers(model, known)
  if (status.state !== 'not-found' || status === unknownStatus) scheduleSync(model)
  const sub = model.onDidChangeContent(() => {
    if (status.state !== 'not-found') scheduleSync(model)
  })
  model.onWillDispose(() => {
    sub.dispose()
    clearTimeout(timers.get(model.uri.toString()))
    timers.delete(model.uri.toString())
  })
}
monaco.editor.onDidCreateModel(watch)

/** Connect to the core: called by the editor with the app's client (again after a reconnect). */
let offDiagnostics: (() => void) | null = null
export function attachLanguageServer(next: SlateClient): void {
  if (client === next) return
  client = next
  offDiagnostics?.()
  offDiagnostics = next.on('code.diagnostics', (e) => {
    latest.set(e.path, e.diagnostics)
    const model = monaco.editor.getModel(projectUri(e.path))
    if (model) applyMarkers(model, e.diagnostics)
  })
  void next.call('code.languageServer', {}).then(setStatus, () => undefined)
  for (const model of monaco.editor.getModels()) if (isProjectCSharp(model)) scheduleSync(model)
}

// LSP CompletionItemKind (1-based, by the spec) → Monaco's own numbering.
const K = monaco.languages.CompletionItemKind
const KIND: Record<number, monaco.languages.CompletionItemKind> = {
  1: K.Text, 2: K.Method, 3: K.Function, 4: K.Constructor, 5: K.Field, 6: K.Variable, 7: K.Class, 8: K.Interface, 9: K.Module, 10: K.Property,
  11: K.Unit, 12: K.Value, 13: K.Enum, 14: K.Keyword, 15: K.Snippet, 16: K.Color, 17: K.File, 18: K.Reference, 19: K.Folder, 20: K.EnumMember,
  21: K.Constant, 22: K.Struct, 23: K.Event, 24: K.Operator, 25: K.TypeParameter,
}

monaco.languages.registerCompletionItemProvider('csharp', {
  triggerCharacters: ['.'],
  async provideCompletionItems(model, position, _context, token) {
    if (!client || status.state === 'not-found' || status.state === 'failed' || !isProjectCSharp(model)) return { suggestions: [] }
    const controller = new AbortController()
    token.onCancellationRequested(() => controller.abort())
    try {
      const r = await client.call('code.completion', { path: pathOf(model), line: position.lineNumber, column: position.column, content: model.getValue() }, { signal: controller.signal })
      const word = model.getWordUntilPosition(position)
      const range = { startLineNumber: position.lineNumber, startColumn: word.startColumn, endLineNumber: position.lineNumber, endColumn: word.endColumn }
      return {
        suggestions: r.items.map((i) => ({ label: i.label, kind: KIND[i.kind] ?? K.Text, detail: i.detail ? `${i.detail} — ${r.server}` : (r.server ?? undefined), insertText: i.insertText ?? i.label, range })),
      }
    } catch {
      return { suggestions: [] }
    }
  },
})
