import type { CallName, ParsedArgsOf, ResultOf } from '../../src-shared/contract'
import type { SlateCore } from '../host/slate-core'

/**
 * What a handler gets besides its arguments. `signal` aborts when the caller cancels the call or
 * goes away (socket closed, window gone): long work passes it on (subprocesses, workers, loops)
 * and stops.
 */
export interface CallContext {
  signal: AbortSignal
}

/**
 * A call's handler: a function of the core, the call's parsed arguments and its context. Its own
 * module so the handler files (./handlers) and the registry that gathers them do not import each other.
 */
export type Handler<N extends CallName> = (core: SlateCore, args: ParsedArgsOf<N>, ctx: CallContext) => Promise<ResultOf<N>> | ResultOf<N>
export type Handlers<K extends CallName = CallName> = { [N in K]: Handler<N> }
