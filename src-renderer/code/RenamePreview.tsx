import { useEffect, useRef, useState } from 'react'
import type { RenameEdit } from '../../src-shared/types-code'
import { useClient } from '../state/client'
import { editorStore } from './editor-store'
import { monaco } from './monaco'

interface Target {
  path: string
  line: number
  column: number
  name: string
}
type OpenListener = (t: Target) => void
const openers = new Set<OpenListener>()
/** F2 on a C# symbol: ask for the new name, show every edit across files, apply on confirmation. */
export function openRename(t: Target): void {
  for (const o of openers) o(t)
}

/**
 * Rename with a preview: the core lists every edit (symbol-aware references, so comments,
 * strings and other symbols of the same name are untouched); nothing changes until Apply, which
 * edits the files in open tabs and leaves them unsaved for review (Ctrl/Cmd+S saves each).
 */
export function RenamePreview() {
  const client = useClient()
  const [target, setTarget] = useState<Target | null>(null)
  const [name, setName] = useState('')
  const [preview, setPreview] = useState<{ edits: RenameEdit[]; files: number; refused: string | null } | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    const show = (t: Target) => {
      setTarget(t)
      setName(t.name)
      setPreview(null)
      setError(null)
    }
    openers.add(show)
    return () => void openers.delete(show)
  }, [])
  useEffect(() => input.current?.select(), [target])
  if (!target) return null

  const close = () => setTarget(null)
  const runPreview = async () => {
    setBusy(true)
    try {
      setPreview(await client.call('code.renamePreview', { path: target.path, line: target.line, column: target.column, newName: name }))
      setError(null)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  const apply = async () => {
    if (!preview) return
    setBusy(true)
    try {
      const byFile = new Map<string, RenameEdit[]>()
      for (const e of preview.edits) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e])
      for (const [path, edits] of byFile) {
        const doc = await editorStore.open(client, path)
        if (doc.unityYaml) doc.renamed = true
        doc.model.pushEditOperations(
          [],
          edits.map((e) => ({ range: new monaco.Range(e.line, e.column, e.line, e.column + e.length), text: e.newText })),
          () => null,
        )
      }
      await editorStore.open(client, target.path)
      close()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  const groups = new Map<string, RenameEdit[]>()
  for (const e of preview?.edits ?? []) groups.set(e.path, [...(groups.get(e.path) ?? []), e])
  return (
    <div className="overlay" onMouseDown={close}>
      <div className="quick-open" role="dialog" aria-label="Rename symbol" onMouseDown={(e) => e.stopPropagation()} data-testid="rename-preview">
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void (preview && !preview.refused && preview.edits.length > 0 ? apply() : runPreview())
          }}
        >
          <input
            ref={input}
            value={name}
            aria-label={`New name for ${target.name}`}
            data-testid="rename-input"
            onChange={(e) => {
              setName(e.target.value)
              setPreview(null)
            }}
            onKeyDown={(e) => e.key === 'Escape' && close()}
          />
        </form>
        <div className="quick-open-list">
          {error && <div className="error-box">{error}</div>}
          {!preview && <div className="muted qo-hint">Rename {target.name}: Enter shows every change before anything is written.</div>}
          {preview?.refused && <div className="error-box" data-testid="rename-refused">{preview.refused}</div>}
          {preview && !preview.refused && (
            <div className="qo-hint small" data-testid="rename-summary">
              {preview.edits.length} change{preview.edits.length === 1 ? '' : 's'} in {preview.files} file{preview.files === 1 ? '' : 's'}. Enter applies them to open tabs, unsaved{[...groups.keys()].some((p) => !p.endsWith('.cs')) ? ' (the scenes and prefabs too: their UnityEvents call it by name)' : ''}.
            </div>
          )}
          {[...groups].map(([path, edits]) => (
            <div key={path} className="qo-item">
              <span className="qo-name mono">{path}</span>
              <span className="qo-dir muted">
                {edits.length === 1 ? 'line' : 'lines'} {edits.map((e) => e.line).join(', ')}
              </span>
            </div>
          ))}
          {preview && !preview.refused && (
            <div className="qo-hint">
              <button className="primary" disabled={busy} onClick={() => void apply()} data-testid="rename-apply">
                Apply
              </button>{' '}
              <button className="secondary" onClick={close}>
                Cancel
              </button>
            </div>
          )}
        </div>
      </div>
    </div>
  )
}
