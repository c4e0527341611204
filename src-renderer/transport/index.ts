import type { SlateClient } from '../../src-shared/contract'
import type { BridgeApi } from '../../src-shared/bridge'
import { createIpcClient } from './ipc-client'
import { createWebSocketClient, type ConnectionListener } from './websocket-client'

declare global {
  interface Window {
    slate?: BridgeApi
  }
}

/**
 * Pick the transport once at start: the preload bridge when the desktop app provides one,
 * otherwise the WebSocket of `slate serve` (same origin, token from the page URL).
 * Nothing else in the renderer knows which one it has.
 */
export function createClient(onState?: ConnectionListener): SlateClient {
  if (window.slate) return createIpcClient(window.slate)
  const token = new URLSearchParams(window.location.search).get('token') ?? ''
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return createWebSocketClient(`${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`, onState)
}
