import crypto from 'node:crypto'
import { EventEmitter } from 'node:events'

/** What the link server needs of a connection: a WebSocket (ws) satisfies it, and so does a relayed peer. */
export interface LinkPeer {
  send(text: string): void
  close(code?: number, reason?: string): void
  terminate(): void
}

export interface LinkPeerSocket extends LinkPeer {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this
  on(event: 'close', listener: () => void): this
  on(event: 'error', listener: (err: Error) => void): this
}

/** Up the bus from a relay: one protocol message, or the player's connection closing. */
export interface RelayedUp {
  text?: string
  closed?: true
}
/** Down the bus to a relay: one protocol message, or an order to close the player's connection. */
export interface RelayedDown {
  text?: string
  close?: { code: number; reason: string }
}

/**
 * A player's connection carried over NATS by a relay: the route is a hash of the link token, so
 * only the SLATE that holds the token subscribes to it, and the token never travels on the bus.
 */
export function relayRoute(token: string): string {
  return crypto.createHash('sha256').update(`slate-link:${token}`).digest('hex').slice(0, 32)
}

export class RelayedPeer extends EventEmitter implements LinkPeerSocket {
  private open = true
  constructor(
    private readonly publish: (msg: RelayedDown) => void,
    private readonly forget: () => void,
  ) {
    super()
  }

  deliver(text: string): void {
    if (this.open) this.emit('message', Buffer.from(text), false)
  }

  send(text: string): void {
    if (this.open) this.publish({ text })
  }

  close(code = 1000, reason = ''): void {
    if (!this.open) return
    this.publish({ close: { code, reason } })
    this.remoteClosed()
  }

  terminate(): void {
    this.close(1006, 'terminated')
  }

  /** The player (or the relay) went away. */
  remoteClosed(): void {
    if (!this.open) return
    this.open = false
    this.forget()
    this.emit('close')
  }
}
