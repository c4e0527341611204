import { EventEmitter } from 'node:events'
import type { EventName, PayloadOf } from '../../src-shared/contract'

/**
 * Typed emitter for the contract's events. Transports (IPC, WebSocket) subscribe to all of them.
 *
 * Every event carries the project it belongs to (its root, null for none), taken when it is
 * emitted: an emitter that knows better (work of a project that is no longer open) passes it.
 * Clients drop events of a project other than the one they show, so a switch never mixes them.
 */
export class CoreEvents {
  private readonly emitter = new EventEmitter()
  private projectOf: () => string | null = () => null

  constructor() {
    this.emitter.setMaxListeners(100)
  }

  /** Where the open project comes from (the core sets this once). */
  setProjectSource(source: () => string | null): void {
    this.projectOf = source
  }

  emit<E extends EventName>(name: E, payload: PayloadOf<E>, project: string | null = this.projectOf()): void {
    this.emitter.emit(name, payload)
    this.emitter.emit('*', name, payload, project)
  }

  on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): () => void {
    this.emitter.on(name, listener as (p: unknown) => void)
    return () => this.emitter.off(name, listener as (p: unknown) => void)
  }

  onAny(listener: (name: EventName, payload: unknown, project: string | null) => void): () => void {
    this.emitter.on('*', listener)
    return () => this.emitter.off('*', listener)
  }
}
