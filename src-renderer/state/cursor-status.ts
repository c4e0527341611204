import { onProjectSwitch } from './project-scope'
/**
 * Where the code editor's cursor is and the open file's language, for the status bar (the code
 * view's editor writes it, the status bar reads it). null when no file is open.
 */
export interface CursorStatus {
  line: number
  column: number
  /** Selected characters, 0 without a selection. */
  selected: number
  /** The language's display name ("C#", "ShaderLab", "YAML"). */
  language: string
}

let state: CursorStatus | null = null
const listeners = new Set<() => void>()
onProjectSwitch(() => cursorStatusStore.set(null))

export const cursorStatusStore = {
  set(next: CursorStatus | null) {
    if (next === state || (next && state && next.line === state.line && next.column === state.column && next.selected === state.selected && next.language === state.language)) return
    state = next
    for (const l of listeners) l()
  },
  get: () => state,
  subscribe(listener: () => void) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
}
