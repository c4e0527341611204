import { useSyncExternalStore } from 'react'
import type { SlateClient } from '../../src-shared/contract'
import { ApiError } from '../../src-shared/api-error'
import { isUnityYaml, languageOf, monaco, projectUri } from './monaco'
import { onProjectSwitch } from '../state/project-scope'

export interface OpenDoc {
  path: string
  model: monaco.editor.ITextModel
  /** Hash of the disk version this buffer is based on: sent with every save. */
  baseHash: string
  /** Model version at the last load or save: dirty = the model moved on since. */
  savedVersion: number
  dirty: boolean
  readOnly: boolean
  unityYaml: boolean
  /**
   * A read-only Unity YAML file that a rename changed (a UnityEvent's m_MethodName): it stays
   * read-only to typing, but Ctrl/Cmd+S may save what the rename wrote.
   */
  renamed?: boolean
  viewState: monaco.editor.ICodeEditorViewState | null
  /** Set when a save found the file changed on disk: the disk version, for reload or compare. */
  conflict: { content: string; hash: string } | null
  comparing: boolean
  saving: boolean
  error: string | null
}

type Listener = () => void

/**
 * Open editors, kept outside React so tabs, buffers, undo history and cursor positions survive a
 * switch to another view and back (views unmount; this module does not).
 */
class EditorStore {
  docs: OpenDoc[] = []
  active: string | null = null
  private version = 0
  private readonly listeners = new Set<Listener>()

  subscribe = (l: Listener) => {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }
  snapshot = () => this.version

  changed(): void {
    this.version++
    for (const l of this.listeners) l()
  }

  get(path: string): OpenDoc | undefined {
    return this.docs.find((d) => d.path === path)
  }

  /** Open (or focus) a file; loads it once, later calls just activate the tab. */
  async open(client: SlateClient, path: string): Promise<OpenDoc> {
    const existing = this.get(path)
    if (existing) {
      this.activate(path)
      return existing
    }
    const snap = await client.call('files.open', { path })
    const again = this.get(snap.path)
    if (again) {
      this.activate(snap.path)
      return again
    }
    const unityYaml = isUnityYaml(snap.content)
    const uri = projectUri(snap.path)
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(snap.content, unityYaml ? 'unity-yaml' : languageOf(snap.path, snap.content), uri)
    const doc: OpenDoc = {
      path: snap.path,
      model,
      baseHash: snap.hash,
      savedVersion: model.getAlternativeVersionId(),
      dirty: false,
      readOnly: unityYaml || snap.binary,
      unityYaml,
      viewState: null,
      conflict: null,
      comparing: false,
      saving: false,
      error: null,
    }
    model.onDidChangeContent(() => {
      const dirty = model.getAlternativeVersionId() !== doc.savedVersion
      if (dirty !== doc.dirty) {
        doc.dirty = dirty
        this.changed()
      }
    })
    this.docs = [...this.docs, doc]
    this.active = doc.path
    this.changed()
    return doc
  }

  activate(path: string): void {
    if (this.active === path) return
    this.active = path
    this.changed()
  }

  close(path: string): void {
    const i = this.docs.findIndex((d) => d.path === path)
    if (i < 0) return
    this.docs[i].model.dispose()
    this.docs = this.docs.filter((d) => d.path !== path)
    if (this.active === path) this.active = this.docs[Math.min(i, this.docs.length - 1)]?.path ?? null
    this.changed()
  }

  /** Save; a `conflict` keeps the buffer and records the disk version so the user can choose. */
  async save(client: SlateClient, doc: OpenDoc, force = false): Promise<boolean> {
    if (doc.readOnly && !doc.renamed) return false
    doc.saving = true
    doc.error = null
    this.changed()
    const version = doc.model.getAlternativeVersionId()
    try {
      const res = await client.call('files.save', { path: doc.path, content: doc.model.getValue(), baseHash: doc.baseHash, force })
      doc.baseHash = res.hash
      doc.savedVersion = version
      doc.dirty = doc.model.getAlternativeVersionId() !== version
      doc.conflict = null
      doc.comparing = false
      return true
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict') {
        const disk = await client.call('files.open', { path: doc.path }).catch(() => null)
        doc.conflict = { content: disk?.content ?? '', hash: disk?.hash ?? '' }
        doc.error = err.message
      } else {
        doc.error = err instanceof Error ? err.message : String(err)
      }
      return false
    } finally {
      doc.saving = false
      this.changed()
    }
  }

  /** Drop local edits and take the disk version (the "Reload" answer to a conflict). */
  reloadFromDisk(doc: OpenDoc): void {
    if (!doc.conflict) return
    doc.model.setValue(doc.conflict.content)
    doc.baseHash = doc.conflict.hash
    doc.savedVersion = doc.model.getAlternativeVersionId()
    doc.dirty = false
    doc.conflict = null
    doc.comparing = false
    doc.error = null
    this.changed()
  }

  /**
   * The watcher saw files change on disk. An open file without local edits follows the disk
   * (cursor and scroll kept); one with edits gets the conflict banner now rather than at save
   * time. Our own saves come back here too and are recognised by their hash.
   */
  async diskChanged(client: SlateClient, paths: string[]): Promise<void> {
    for (const doc of this.docs.filter((d) => paths.includes(d.path))) {
      const disk = await client.call('files.open', { path: doc.path }).catch(() => null)
      if (!disk || disk.hash === doc.baseHash || doc.model.isDisposed()) continue
      if (!doc.dirty) {
        doc.model.pushEditOperations([], [{ range: doc.model.getFullModelRange(), text: disk.content }], () => null)
        doc.baseHash = disk.hash
        doc.savedVersion = doc.model.getAlternativeVersionId()
        doc.dirty = false
      } else {
        doc.conflict = { content: disk.content, hash: disk.hash }
        doc.error = `${doc.path} changed on disk while you were editing it`
      }
      this.changed()
    }
  }

  /**
   * The project changed: every tab goes and its model is disposed (a model is found again by its
   * `slate:/<path>` URI, so one left behind would show the old project's text for the same path).
   */
  reset(): void {
    for (const doc of this.docs) if (!doc.model.isDisposed()) doc.model.dispose()
    this.docs = []
    this.active = null
    this.changed()
  }

  setComparing(doc: OpenDoc, on: boolean): void {
    doc.comparing = on
    this.changed()
  }
}

export const editorStore = new EditorStore()
onProjectSwitch(() => editorStore.reset())

// Closing or reloading the window with unsaved edits asks first (the browser's own prompt).
window.addEventListener('beforeunload', (e) => {
  if (editorStore.docs.some((d) => d.dirty)) e.preventDefault()
})

export function useEditorStore(): EditorStore {
  useSyncExternalStore(editorStore.subscribe, editorStore.snapshot)
  return editorStore
}
