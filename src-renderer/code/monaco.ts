/**
 * Monaco, bundled with the app (never a CDN): the editor core, the contributions an IDE needs, and
 * only the languages a Unity project has. Importing `monaco-editor` itself would pull in ~80
 * languages and four language-service workers; this keeps the Code view's chunk small.
 */
import * as monaco from 'monaco-editor/editor/editor.api'
import 'monaco-editor/editor/contrib/find/browser/findController'
import 'monaco-editor/editor/contrib/folding/browser/folding'
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching'
import 'monaco-editor/editor/contrib/comment/browser/comment'
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard'
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu'
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo'
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution'
import 'monaco-editor/editor/contrib/links/browser/links'
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations'
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor'
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter'
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations'
import 'monaco-editor/editor/contrib/suggest/browser/suggestController'
import 'monaco-editor/editor/contrib/indentation/browser/indentation'
import 'monaco-editor/editor/contrib/readOnlyMessage/browser/contribution'
import 'monaco-editor/editor/standalone/browser/quickAccess/standaloneGotoLineQuickAccess'
import 'monaco-editor/editor/standalone/browser/quickAccess/standaloneCommandsQuickAccess'
import 'monaco-editor/editor/browser/widget/diffEditor/diffEditor.contribution'
import 'monaco-editor/editor/browser/coreCommands'
// C# intelligence (csharp-intelligence.ts): these must load before the first service is used
// (any monaco.* call below), or their services (e.g. the code lens cache) are never registered.
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands'
// the peek widget of Shift+F12 (references) and Alt+F12 (peek definition): without this
// contribution both commands find their results and show nothing
import 'monaco-editor/editor/standalone/browser/referenceSearch/standaloneReferenceSearch'
import 'monaco-editor/editor/contrib/gotoSymbol/browser/link/goToDefinitionAtPosition'
import 'monaco-editor/editor/contrib/codelens/browser/codelensController'
import 'monaco-editor/editor/contrib/documentSymbols/browser/documentSymbols'
import 'monaco-editor/editor/standalone/browser/quickAccess/standaloneGotoSymbolQuickAccess'
import 'monaco-editor/languages/definitions/csharp/register'
import 'monaco-editor/languages/definitions/cpp/register'
import 'monaco-editor/languages/definitions/yaml/register'
import 'monaco-editor/languages/definitions/xml/register'
import 'monaco-editor/languages/definitions/css/register'
import 'monaco-editor/languages/definitions/less/register'
import 'monaco-editor/languages/definitions/javascript/register'
import 'monaco-editor/languages/definitions/markdown/register'
import 'monaco-editor/languages/definitions/ini/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { registerShaderLab } from './shaderlab'

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment
  }
}

// Only the editor worker (diffs, word ranges, links): the languages above are Monarch tokenizers
// that run on the main thread, so no language-service worker is needed.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() }

registerShaderLab(monaco)
monaco.languages.register({ id: 'hlsl', extensions: ['.hlsl', '.cginc', '.compute', '.glslinc', '.fx'], aliases: ['HLSL'] })
monaco.languages.register({ id: 'json', extensions: ['.json', '.asmdef', '.asmref', '.inputactions', '.jsonc'], aliases: ['JSON'] })
monaco.languages.setMonarchTokensProvider('json', {
  tokenizer: {
    root: [
      [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'type'],
      [/"(?:[^"\\]|\\.)*"/, 'string'],
      [/-?\d+(\.\d+)?([eE][+-]?\d+)?/, 'number'],
      [/\b(true|false|null)\b/, 'keyword'],
      [/\/\/.*$/, 'comment'],
    ],
  },
})
monaco.languages.register({ id: 'uss', extensions: ['.uss', '.tss'], aliases: ['USS'] })
// HLSL shares C's shape closely enough that cpp's tokenizer is the right starting point.
void import('monaco-editor/languages/definitions/cpp/cpp').then((m) => {
  monaco.languages.setMonarchTokensProvider('hlsl', m.language)
  monaco.languages.setLanguageConfiguration('hlsl', m.conf)
})
void import('monaco-editor/languages/definitions/css/css').then((m) => {
  monaco.languages.setMonarchTokensProvider('uss', m.language)
  monaco.languages.setLanguageConfiguration('uss', m.conf)
})

monaco.editor.defineTheme('slate', {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'keyword', foreground: 'a855f7' },
    { token: 'string', foreground: '22c55e' },
    { token: 'number', foreground: 'f97316' },
    { token: 'comment', foreground: '64748b', fontStyle: 'italic' },
    { token: 'type', foreground: '3b82f6' },
  ],
  colors: {
    'editor.background': '#020617',
    'editor.lineHighlightBackground': '#0f172a',
    'editorLineNumber.foreground': '#475569',
    'editorLineNumber.activeForeground': '#94a3b8',
    'editor.selectionBackground': '#1e3a8a',
    'editorWidget.background': '#0f172a',
    'editorWidget.border': '#334155',
    'diffEditor.insertedTextBackground': '#22c55e26',
    'diffEditor.removedTextBackground': '#ef444426',
  },
})

const BY_EXTENSION: Record<string, string> = {
  cs: 'csharp',
  shader: 'shaderlab',
  hlsl: 'hlsl',
  cginc: 'hlsl',
  compute: 'hlsl',
  glslinc: 'hlsl',
  json: 'json',
  asmdef: 'json',
  asmref: 'json',
  inputactions: 'json',
  uxml: 'xml',
  xml: 'xml',
  uss: 'uss',
  tss: 'uss',
  css: 'css',
  less: 'less',
  yaml: 'yaml',
  yml: 'yaml',
  meta: 'yaml',
  js: 'javascript',
  md: 'markdown',
  txt: 'plaintext',
}

export function languageOf(path: string, content: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase()
  if (content.startsWith('%YAML')) return 'yaml'
  return BY_EXTENSION[ext] ?? 'plaintext'
}

export function isUnityYaml(content: string): boolean {
  return content.startsWith('%YAML') && content.slice(0, 200).includes('tag:unity3d.com')
}

/** The model URI of a project file (`slate:/Assets/…`): one per path, shared by tabs, peeks and the language server. */
export const projectUri = (path: string) => monaco.Uri.from({ scheme: 'slate', path: `/${path}` })
/** The project path of a URI made by projectUri. */
export const projectPathOf = (uri: monaco.Uri) => uri.path.replace(/^\//, '')

export { monaco }
