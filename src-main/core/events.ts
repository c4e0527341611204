import { EventEmitter } from 'node:events'
import type { EventName, PayloadOf } from '../../src-shared/contract'

/** Typed emitter for the contract's events. Transports (IPC, WebSocket) subscribe to all of them. */
export class CoreEvents {
  private readonly emitter = new EventEmitter()

  constructor() {
    this.emitter.setMaxListeners(100)
  }

  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void {
    this.emitter.emit(name, payload)
    this.emitter.emit('*', name, payload)
  }

  on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): () => void {
    this.emitter.on(name, listener as (p: unknown) => void)
    return () => this.emitter.off(name, listener as (p: unknown) => void)
  }

  onAny(listener: (name: EventName, payload: unknown) => void): () => void {
    this.emitter.on('*', listener)
    return () => this.emitter.off('*', listener)
  }
}
