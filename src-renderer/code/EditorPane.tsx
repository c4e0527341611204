import { useEffect, useRef } from 'react'
import { cursorStatusStore } from '../state/cursor-status'
import { useClient } from '../state/client'
import { useNavigation } from '../state/navigation'
import { editorStore, type OpenDoc } from './editor-store'
import { monaco, projectPathOf } from './monaco'
import { setUnityYamlHooks } from './unity-yaml'
import { setCSharpHooks } from './csharp-intelligence'
import { attachLanguageServer } from './csharp-language-server'
import { openRename } from './RenamePreview'

export interface Reveal {
  path: string
  line: number
  column?: number
  /** Changes on every request so the same position can be revealed twice. */
  nonce: number
}

/**
 * One Monaco editor for all tabs: switching tabs swaps the model and restores that tab's view
 * state (cursor, scroll, folding), which is how VS Code does it and far cheaper than an editor
 * per tab.
 */
export function EditorPane({ doc, reveal, onShowUnityUsages }: { doc: OpenDoc; reveal: Reveal | null; onShowUnityUsages?(path: string): void }) {
  const host = useRef<HTMLDivElement>(null)
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null)
  const docRef = useRef(doc)
  const usagesRef = useRef(onShowUnityUsages)
  usagesRef.current = onShowUnityUsages
  const client = useClient()
  const { navigate } = useNavigation()

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      theme: 'slate',
      automaticLayout: true,
      fontFamily: "ui-monospace, 'JetBrains Mono', 'Cascadia Code', Menlo, Consolas, monospace",
      fontSize: 13,
      minimap: { enabled: true, renderCharacters: false },
      scrollBeyondLastLine: false,
      smoothScrolling: true,
      renderWhitespace: 'selection',
      // Unity's font assets have 500,000-character lines: stop tokenizing them early.
      maxTokenizationLineLength: 5000,
      stopRenderingLineAfter: 10000,
      largeFileOptimizations: true,
      model: null,
    })
    editorRef.current = editor
    // The status bar shows Ln/Col and the language's display name (as Monaco registers it).
    const publish = () => {
      const model = editor.getModel()
      const pos = editor.getPosition()
      if (!model || !pos) return cursorStatusStore.set(null)
      const id = model.getLanguageId()
      const language = monaco.languages.getLanguages().find((l) => l.id === id)?.aliases?.[0] ?? (id === 'plaintext' ? 'Plain Text' : id)
      const sel = editor.getSelection()
      cursorStatusStore.set({ line: pos.lineNumber, column: pos.column, selected: sel ? model.getValueLengthInRange(sel) : 0, language })
    }
    const cursorSubs = [editor.onDidChangeCursorSelection(publish), editor.onDidChangeModel(publish), editor.onDidChangeModelLanguage(publish)]
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void editorStore.save(client, docRef.current))
    setUnityYamlHooks({ client, openAsset: (guid) => navigate({ view: 'assets', asset: guid }) }, editor)
    setCSharpHooks({
      client,
      openFile: (path, line, column) => navigate({ view: 'code', path, line, column }),
      showUnityUsages: (path) => usagesRef.current?.(path),
    })
    attachLanguageServer(client)
    // F2: rename with a preview of every change across files (C# only: the core's symbol index).
    editor.addAction({
      id: 'slate.renameSymbol',
      label: 'Rename Symbol (preview)',
      keybindings: [monaco.KeyCode.F2],
      contextMenuGroupId: '1_modification',
      precondition: 'editorLangId == csharp',
      run: (ed) => {
        const pos = ed.getPosition()
        const model = ed.getModel()
        const word = pos && model ? model.getWordAtPosition(pos) : null
        if (!pos || !model || !word) return
        openRename({ path: projectPathOf(model.uri), line: pos.lineNumber, column: word.startColumn, name: word.word })
      },
    })
    return () => {
      const current = docRef.current
      if (current && !current.model.isDisposed()) current.viewState = editor.saveViewState()
      setUnityYamlHooks({}, null)
      for (const d of cursorSubs) d.dispose()
      cursorStatusStore.set(null)
      editor.dispose()
      editorRef.current = null
    }
  }, [client, navigate])

  useEffect(() => {
    const editor = editorRef.current!
    const previous = docRef.current
    if (previous !== doc && !previous.model.isDisposed()) previous.viewState = editor.saveViewState()
    docRef.current = doc
    if (editor.getModel() !== doc.model) {
      editor.setModel(doc.model)
      if (doc.viewState) editor.restoreViewState(doc.viewState)
    }
    editor.updateOptions({ readOnly: doc.readOnly, readOnlyMessage: { value: doc.unityYaml ? 'Unity YAML assets are read-only here: edit them in Unity.' : 'This file is read-only.' } })
    editor.focus()
  }, [doc])

  useEffect(() => {
    const editor = editorRef.current
    if (!editor || !reveal || reveal.path !== doc.path) return
    const line = Math.max(1, Math.min(reveal.line, doc.model.getLineCount()))
    const column = Math.max(1, reveal.column ?? 1)
    editor.setPosition({ lineNumber: line, column })
    editor.revealPositionInCenter({ lineNumber: line, column })
    editor.focus()
  }, [reveal, doc])

  return <div className="monaco-host" ref={host} data-testid="code-editor" data-path={doc.path} />
}

export function DiffPane({ doc }: { doc: OpenDoc }) {
  const host = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!doc.conflict) return
    const original = monaco.editor.createModel(doc.conflict.content, doc.model.getLanguageId())
    const diff = monaco.editor.createDiffEditor(host.current!, { theme: 'slate', automaticLayout: true, readOnly: false, originalEditable: false, renderSideBySide: true })
    diff.setModel({ original, modified: doc.model })
    return () => {
      diff.dispose()
      original.dispose()
    }
  }, [doc, doc.conflict])
  return <div className="monaco-host" ref={host} data-testid="code-diff" />
}
