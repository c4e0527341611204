import { useEffect, useRef } from 'react'

/**
 * Every keyboard shortcut of the renderer, declared once. The table feeds both the one window
 * listener that runs the handlers (useKeybinding) and the `?` list (Shortcuts.tsx), so the list
 * can never miss a shortcut that works, or show one that does not.
 *
 * The desktop app gets the chords of VS Code and Rider. In a browser (`slate serve`) some of those
 * belong to the browser and never reach the page (Ctrl+1…8 switch tabs, Ctrl+T opens one), or do
 * something a user expects there (Ctrl+P prints): web mode uses other chords for those, and the `?`
 * list shows the ones that apply.
 */
export type KeyMode = 'desktop' | 'web'

export interface Chord {
  /** KeyboardEvent.key, compared case-insensitively ('p', '1', ',', 'F5', '?', 'Escape'). */
  key?: string
  /** KeyboardEvent.code instead of key, where Alt changes the character (macOS: Alt+T is †). */
  code?: string
  /** Ctrl, or ⌘ on macOS. */
  mod?: boolean
  shift?: boolean
  alt?: boolean
}

export interface KeyBinding {
  id: string
  /** What the `?` list says. Without one, the binding is not listed (Escape closing a dialog). */
  label?: string
  desktop: Chord[]
  /** Defaults to the desktop chords. */
  web?: Chord[]
  /** Not while typing in a field or the editor (single keys such as `?` and F5). */
  notWhileTyping?: boolean
  /** Ahead of Monaco, which would otherwise take the key first (Ctrl+P, Ctrl+T). */
  beforeEditor?: boolean
}

const viewKeys: [string, string][] = [
  ['dashboard', '1'],
  ['code', '2'],
  ['assets', '3'],
  ['console', '4'],
  ['builds', '5'],
  ['profiler', '6'],
  ['runtime', '7'],
  ['analytics', '8'],
]

export const keyBindings: KeyBinding[] = [
  ...viewKeys.map(([view, digit]): KeyBinding => ({
    id: `view.${view}`,
    label: `${view[0].toUpperCase()}${view.slice(1)} view`,
    desktop: [{ key: digit, mod: true }],
    web: [{ code: `Digit${digit}`, alt: true }],
  })),
  { id: 'view.settings', label: 'Settings', desktop: [{ key: ',', mod: true }] },
  {
    id: 'quickOpen',
    label: 'Quick open any file (add :line or :line:column)',
    desktop: [{ key: 'p', mod: true }],
    web: [{ key: 'k', mod: true }],
    beforeEditor: true,
  },
  {
    id: 'symbolSearch',
    label: 'Go to a C# symbol',
    desktop: [{ key: 't', mod: true }, { code: 'KeyT', alt: true }],
    web: [{ key: 'e', mod: true }, { code: 'KeyT', alt: true }],
    beforeEditor: true,
  },
  { id: 'findInFiles', label: 'Find in files', desktop: [{ key: 'f', mod: true, shift: true }] },
  { id: 'code.toggleFileTree', label: 'Show or hide the file tree (Code view)', desktop: [{ key: 'e', mod: true, shift: true }] },
  { id: 'code.save', label: 'Save the current file', desktop: [{ key: 's', mod: true }] },
  { id: 'assets.focusSearch', label: 'Focus the asset search (Assets view; in the editor: find in the file)', desktop: [{ key: 'f', mod: true }] },
  { id: 'assets.process', label: 'Process the marked assets, or what the grid shows (Assets view): resize, convert, LODs, loudness', desktop: [{ code: 'KeyP', alt: true }] },
  { id: 'builds.start', label: 'Start a build with the current profile (Builds view)', desktop: [{ key: 'b', mod: true }] },
  { id: 'runtime.start', label: 'Start a runtime session (Runtime view)', desktop: [{ code: 'KeyN', alt: true }] },
  { id: 'play.toggle', label: 'Play / stop the connected Unity', desktop: [{ key: 'F5' }] },
  { id: 'play.pause', label: 'Pause / resume (in play mode)', desktop: [{ key: 'F6' }] },
  { id: 'play.step', label: 'Step one frame (in play mode)', desktop: [{ key: 'F7' }] },
  { id: 'shortcuts.toggle', label: 'This list', desktop: [{ key: '?' }], notWhileTyping: true },
  { id: 'dialog.close', desktop: [{ key: 'Escape' }] },
]

/** Keys that work without a binding of ours: shown in the `?` list for completeness. */
export const builtInKeys = (mode: KeyMode): [string, string][] => [
  [`${mode === 'web' || !isMac() ? 'Ctrl+' : '⌘'}G`, 'Go to line (in the editor)'],
  [`${mode === 'web' || !isMac() ? 'Ctrl+' : '⌘'}click`, 'Follow a GUID or fileID link in Unity YAML'],
  ['↑ ↓ ← → Enter', 'Move in the asset grid and console; Enter opens'],
]

function isMac(): boolean {
  return typeof navigator !== 'undefined' && navigator.platform.toLowerCase().includes('mac')
}

let mode: KeyMode = typeof window !== 'undefined' && 'slate' in window ? 'desktop' : 'web'
/** The transport decides: the desktop bridge means desktop chords. Tests set it. */
export function setKeyMode(m: KeyMode): void {
  mode = m
}
export function keyMode(): KeyMode {
  return mode
}

export function chordsOf(b: KeyBinding, m: KeyMode = mode): Chord[] {
  return m === 'web' ? (b.web ?? b.desktop) : b.desktop
}

export function hasKeyBinding(id: string): boolean {
  return keyBindings.some((x) => x.id === id)
}

export function binding(id: string): KeyBinding {
  const b = keyBindings.find((x) => x.id === id)
  if (!b) throw new Error(`no key binding "${id}"`)
  return b
}

/** As the `?` list and tooltips show it: "Ctrl+Shift+F", "⌘P", "Alt+1". */
export function formatChord(c: Chord): string {
  const mac = isMac()
  const name = c.key ?? (c.code ?? '').replace(/^Key|^Digit/, '')
  const key = name.length === 1 ? name.toUpperCase() : name
  const parts = [c.mod ? (mac ? '⌘' : 'Ctrl+') : '', c.alt ? (mac ? '⌥' : 'Alt+') : '', c.shift && key !== '?' ? (mac ? '⇧' : 'Shift+') : '']
  return `${parts.join('')}${key}`
}

/** The rows of the `?` list: every listed binding with the chords of this mode (desktop or web). */
export function shortcutRows(mode: KeyMode = keyMode()): [string, string][] {
  const rows: [string, string][] = keyBindings
    .filter((b) => b.label)
    .map((b) => {
      const shown = [...new Set(chordsOf(b, mode).map(formatChord))]
      return [shown.join(' or '), b.label!]
    })
  return [...rows, ...builtInKeys(mode)]
}

/** The chords of a binding in the current mode, for a tooltip: "Ctrl+P". */
export function shortcutText(id: string): string {
  const seen = new Set<string>()
  return chordsOf(binding(id))
    .map(formatChord)
    .filter((t) => !seen.has(t) && (seen.add(t), true))
    .join(' or ')
}

export function matches(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, c: Chord): boolean {
  if (c.code ? e.code !== c.code : (e.key ?? '').toLowerCase() !== (c.key ?? '').toLowerCase()) return false
  const mod = e.ctrlKey || e.metaKey
  if (!!c.mod !== mod || !!c.alt !== e.altKey) return false
  // `?` is Shift+/ on most layouts: its shift is part of the character.
  if (c.key === '?') return true
  return !!c.shift === e.shiftKey
}

function typingIn(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable || !!t.closest?.('.monaco-editor'))
}

/** A handler returns false when it did not take the key (then the next one, or the browser, may). */
type KeyHandler = (e: KeyboardEvent) => boolean | void
const handlers = new Map<string, KeyHandler[]>()
let installed = false

/**
 * The window listener, installed twice: in the capture phase for the bindings that must come ahead
 * of Monaco, in the bubble phase for the rest (keys the editor takes for itself stay its own).
 * Finds the binding whose chord matches and runs its newest handler.
 */
function listener(capture: boolean) {
  return (e: KeyboardEvent): void => {
    for (const b of keyBindings) {
      if (!!b.beforeEditor !== capture) continue
      const list = handlers.get(b.id)
      if (!list || list.length === 0) continue
      if (!chordsOf(b).some((c) => matches(e, c))) continue
      if (b.notWhileTyping && typingIn(e.target)) continue
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i](e) !== false) {
          e.preventDefault()
          if (capture) e.stopPropagation()
          return
        }
      }
    }
  }
}

export function onKeyBinding(id: string, handler: KeyHandler): () => void {
  binding(id)
  if (!installed && typeof window !== 'undefined') {
    window.addEventListener('keydown', listener(true), true)
    window.addEventListener('keydown', listener(false))
    installed = true
  }
  const list = handlers.get(id) ?? []
  list.push(handler)
  handlers.set(id, list)
  return () => {
    const at = list.indexOf(handler)
    if (at >= 0) list.splice(at, 1)
  }
}

/** Run `handler` on the binding's chords while the component is mounted (the newest mount wins). */
export function useKeybinding(id: string, handler: KeyHandler): void {
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => onKeyBinding(id, (e) => ref.current(e)), [id])
}
