import { useEffect, useState } from 'react'
import { ApiError } from '../../src-shared/api-error'
import { EmptyState } from '../components/EmptyState'
import { openQuickOpen } from '../components/QuickOpen'
import { DiffPane, EditorPane, type Reveal } from '../code/EditorPane'
import { editorStore, useEditorStore, type OpenDoc } from '../code/editor-store'
import { Explorer } from '../code/Explorer'
import { FindPanel } from '../code/FindPanel'
import { Tabs } from '../code/Tabs'
import { LanguageServerChip } from '../code/LanguageServerChip'
import { RenamePreview } from '../code/RenamePreview'
import { UnityUsagesPanel } from '../code/UnityUsagesPanel'
import { useClient, useEvent } from '../state/client'
import { shortcutText, useKeybinding } from '../keys/keybindings'
import { useNavigation } from '../state/navigation'


export default function CodeView() {
  const store = useEditorStore()
  const client = useClient()
  const { current, navigate } = useNavigation()
  const [reveal, setReveal] = useState<Reveal | null>(null)
  const [openError, setOpenError] = useState<{ path: string; message: string } | null>(null)
  const [opening, setOpening] = useState<string | null>(null)
  // One side panel at a time: the file tree (Ctrl/Cmd+Shift+E) or find in files (Ctrl/Cmd+Shift+F).
  const [side, setSide] = useState<'files' | 'find' | 'usages' | null>(current.find ? 'find' : 'files')
  // The script whose Unity usages the side panel shows (opened from a C# code lens).
  const [usagesOf, setUsagesOf] = useState<string | null>(null)

  // Go to file:line:column: from the URL, quick open, the console, find results, anywhere.
  useEffect(() => {
    if (current.find) setSide('find')
    const path = current.path
    if (!path) return
    let cancelled = false
    setOpenError(null)
    // Only say "Opening…" if it takes a moment (a large asset): no flicker for the usual file.
    const slow = setTimeout(() => !cancelled && setOpening(path), 150)
    editorStore.open(client, path).then(
      (doc) => {
        clearTimeout(slow)
        setOpening(null)
        if (!cancelled && current.line !== undefined) setReveal({ path: doc.path, line: current.line, column: current.column, nonce: Math.random() })
      },
      (err: unknown) => {
        clearTimeout(slow)
        setOpening(null)
        if (cancelled) return
        const notFound = err instanceof ApiError && err.code === 'not_found'
        setOpenError({ path, message: notFound ? `${path} is not in this project. It may have been moved, renamed or deleted, or the log came from another checkout.` : err instanceof Error ? err.message : String(err) })
      },
    )
    return () => {
      cancelled = true
      clearTimeout(slow)
    }
  }, [client, current])

  const doc = store.docs.find((d) => d.path === store.active) ?? null
  useEvent('index.changed', (e) => void editorStore.diskChanged(client, [...e.changed, ...e.removed]))
  useKeybinding('code.toggleFileTree', () => setSide((s) => (s === 'files' ? null : 'files')))

  // Ctrl/Cmd+S saves even when the focus is on a tab or a banner (Monaco handles it inside the
  // editor); the binding always takes the key, so the browser's "Save page" dialog never opens.
  useKeybinding('code.save', (e) => {
    const active = editorStore.docs.find((d) => d.path === editorStore.active)
    if (active && !(e.target instanceof HTMLElement && e.target.closest('.monaco-editor'))) void editorStore.save(client, active)
  })
  const close = (d: OpenDoc) => {
    if (d.dirty && !window.confirm(`${d.path} has unsaved changes. Close it and lose them?`)) return
    store.close(d.path)
  }
  const fileName = (p: string) => p.slice(p.lastIndexOf('/') + 1)

  return (
    <div className="code-view" data-testid="view-code">
      {side === 'find' && <FindPanel onClose={() => setSide(null)} />}
      {side === 'files' && <Explorer active={store.active} onClose={() => setSide(null)} />}
      {side === 'usages' && usagesOf && <UnityUsagesPanel path={usagesOf} onClose={() => setSide(null)} />}
      <RenamePreview />
      <div className="code-main">
        <Tabs docs={store.docs} active={store.active} onSelect={(p) => navigate({ view: 'code', path: p })} onClose={close} />
        {opening && (
          <div className="banner banner-info" data-testid="code-opening">
            <span>Opening {opening}…</span>
          </div>
        )}
        {openError && (
          <div className="banner banner-error" role="alert" data-testid="code-open-error">
            <span>{openError.message}</span>
            <button className="secondary" onClick={() => openQuickOpen(fileName(openError.path))}>
              Find “{fileName(openError.path)}” in quick open
            </button>
            <button className="link-button" onClick={() => setOpenError(null)} aria-label="Dismiss">×</button>
          </div>
        )}
        {doc?.conflict && (
          <div className="banner banner-warn" role="alert" data-testid="code-conflict">
            <span>
              <strong>{fileName(doc.path)} changed on disk</strong> since you opened it. Your edits are not saved.
            </span>
            <button className="secondary" onClick={() => store.setComparing(doc, !doc.comparing)} data-testid="conflict-compare">
              {doc.comparing ? 'Close compare' : 'Compare'}
            </button>
            <button className="secondary" onClick={() => store.reloadFromDisk(doc)} data-testid="conflict-reload">
              Reload from disk (discard mine)
            </button>
            <button className="secondary danger" onClick={() => void store.save(client, doc, true)} data-testid="conflict-overwrite">
              Overwrite with mine
            </button>
          </div>
        )}
        {doc && !doc.conflict && doc.error && (
          <div className="banner banner-error" role="alert">
            Could not save {fileName(doc.path)}: {doc.error}
          </div>
        )}
        {doc?.unityYaml && (
          <div className="banner banner-info" data-testid="code-yaml-banner">
            <span>
              Unity YAML, read-only. Each <span className="mono">{'{fileID, guid}'}</span> is a link (Ctrl/Cmd+click): a GUID opens that asset in the asset browser, a
              fileID jumps to its object in this file. Hover a GUID to see its path.
            </span>
          </div>
        )}
        {doc ? (
          doc.comparing && doc.conflict ? (
            <>
              <div className="diff-labels small muted">
                <span>On disk now</span>
                <span>Yours (unsaved) — edit here, then Overwrite</span>
              </div>
              <DiffPane doc={doc} />
            </>
          ) : (
            <EditorPane
              doc={doc}
              reveal={reveal}
              onShowUnityUsages={(p) => {
                setUsagesOf(p)
                setSide('usages')
              }}
            />
          )
        ) : (
          <EmptyState title="No file open" testId="code-empty">
            <p>
              <kbd>{shortcutText('quickOpen')}</kbd> opens any file of the project by name (add <span className="mono">:line</span> to jump to a line).
            </p>
            <p>
              <kbd>{shortcutText('findInFiles')}</kbd> finds text in all files. <kbd>{shortcutText('code.save')}</kbd> saves.
            </p>
            <button className="primary" onClick={() => openQuickOpen('')}>
              Open a file…
            </button>
          </EmptyState>
        )}
        {doc && (
          <div className="code-status small muted">
            <span className="mono">{doc.path}</span>
            <span>{doc.saving ? 'Saving…' : doc.dirty ? 'Unsaved changes' : 'Saved'}</span>
            <span>{doc.model.getLanguageId()}</span>
            <span>{doc.model.getEOL() === '\r\n' ? 'CRLF' : 'LF'}</span>
            {doc.model.getLanguageId() === 'csharp' && <LanguageServerChip />}
          </div>
        )}
      </div>
    </div>
  )
}
