/** The WebSocket's connection state as a tiny external store (useSyncExternalStore-compatible). */
let state = 'connecting'
const listeners = new Set<() => void>()

export const connectionStore = {
  set(next: string) {
    state = next
    for (const l of listeners) l()
  },
  get: () => state,
  subscribe(listener: () => void) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
}
