import type { CallName, ParsedArgsOf, ResultOf } from '../../src-shared/contract'
import type { SlateCore } from '../host/slate-core'

/**
 * A call's handler: a function of the core and the call's parsed arguments. Its own module so the
 * handler files (./handlers) and the registry that gathers them do not import each other.
 */
export type Handler<N extends CallName> = (core: SlateCore, args: ParsedArgsOf<N>) => Promise<ResultOf<N>> | ResultOf<N>
export type Handlers<K extends CallName = CallName> = { [N in K]: Handler<N> }
