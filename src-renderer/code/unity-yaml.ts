import type { SlateClient } from '../../src-shared/contract'
import { monaco } from './monaco'
import { onProjectSwitch } from '../state/project-scope'

/**
 * The read-only view of Unity's text-serialized assets. Each `{fileID: N, guid: G, type: T}` is a
 * link: a GUID goes to that asset in the asset browser, a bare fileID to its `--- !u!C &N`
 * document in the same file. Hovering a GUID shows the asset's path.
 */
const REF = /\{fileID: (-?\d+)(?:, guid: ([0-9a-fA-F]{32}))?(?:, type: -?\d+)?\}/g
const BUILTIN: Record<string, string> = {
  '0000000000000000e000000000000000': 'Built-in extra resources',
  '0000000000000000f000000000000000': 'Built-in default resources',
  '0000000000000000d000000000000000': 'Built-in editor resources',
}

interface Hooks {
  openAsset(guid: string): void
  client: SlateClient | null
}
const hooks: Hooks = { openAsset: () => undefined, client: null }
let activeEditor: monaco.editor.ICodeEditor | null = null

export function setUnityYamlHooks(h: Partial<Hooks>, editor?: monaco.editor.ICodeEditor | null): void {
  Object.assign(hooks, h)
  if (editor !== undefined) activeEditor = editor
}

monaco.languages.register({ id: 'unity-yaml', aliases: ['Unity YAML'] })
void import('monaco-editor/languages/definitions/yaml/yaml').then((m: { language: monaco.languages.IMonarchLanguage; conf: monaco.languages.LanguageConfiguration }) => {
  monaco.languages.setMonarchTokensProvider('unity-yaml', m.language)
  monaco.languages.setLanguageConfiguration('unity-yaml', m.conf)
})

monaco.languages.registerLinkProvider('unity-yaml', {
  provideLinks(model) {
    const links: monaco.languages.ILink[] = []
    const count = model.getLineCount()
    for (let n = 1; n <= count && links.length < 20_000; n++) {
      const text = model.getLineContent(n)
      if (!text.includes('fileID')) continue
      REF.lastIndex = 0
      for (let m = REF.exec(text); m; m = REF.exec(text)) {
        const [whole, fileId, guid] = m
        if (!guid && fileId === '0') continue // null reference
        const range = new monaco.Range(n, m.index + 1, n, m.index + whole.length + 1)
        if (guid) {
          const g = guid.toLowerCase()
          links.push({ range, url: monaco.Uri.from({ scheme: 'slate-asset', path: g }), tooltip: BUILTIN[g] ?? 'Show this asset in the asset browser' })
        } else {
          links.push({ range, url: monaco.Uri.from({ scheme: 'slate-fileid', path: fileId }), tooltip: `Go to object &${fileId} in this file` })
        }
      }
    }
    return { links }
  },
})

monaco.editor.registerLinkOpener({
  open(resource) {
    if (resource.scheme === 'slate-asset') {
      const guid = resource.path.replace(/^\//, '')
      if (!BUILTIN[guid]) hooks.openAsset(guid)
      return true
    }
    if (resource.scheme === 'slate-fileid' && activeEditor) {
      const id = resource.path.replace(/^\//, '')
      const model = activeEditor.getModel()
      const match = model?.findNextMatch(`&${id}`, { lineNumber: 1, column: 1 }, false, true, null, false)
      if (match) {
        activeEditor.revealLineInCenter(match.range.startLineNumber)
        activeEditor.setPosition({ lineNumber: match.range.startLineNumber, column: 1 })
      }
      return true
    }
    return false
  },
})

const pathCache = new Map<string, Promise<string>>()
onProjectSwitch(() => pathCache.clear())
monaco.languages.registerHoverProvider('unity-yaml', {
  async provideHover(model, position) {
    const text = model.getLineContent(position.lineNumber)
    REF.lastIndex = 0
    for (let m = REF.exec(text); m; m = REF.exec(text)) {
      const start = m.index + 1
      if (position.column < start || position.column > start + m[0].length || !m[2]) continue
      const guid = m[2].toLowerCase()
      let label = BUILTIN[guid] ? Promise.resolve(BUILTIN[guid]) : pathCache.get(guid)
      if (!label && hooks.client) {
        label = hooks.client.call('unity.asset.get', { asset: guid }).then(
          (a) => `${a.path} (${a.type})`,
          () => 'Unresolved GUID: no .meta in the project declares it',
        )
        pathCache.set(guid, label)
      }
      return { range: new monaco.Range(position.lineNumber, start, position.lineNumber, start + m[0].length), contents: [{ value: `**${await (label ?? Promise.resolve(guid))}**  \nguid \`${guid}\`` }] }
    }
    return null
  },
})
