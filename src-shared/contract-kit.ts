import { z } from 'zod'

/**
 * Building blocks for the API contract. A call pairs a zod schema for its arguments (validated at
 * every boundary: IPC and WebSocket) with a result type that is only known to TypeScript. Results
 * come from our own core, so they are not re-validated; arguments come from a renderer or a browser
 * and always are.
 */
export interface CallSpec<A extends z.ZodType, R> {
  args: A
  /** Phantom field: carries the result type, never read at run time. */
  result?: R
  /** One line of help, shown by `slate api` and in error messages. */
  doc: string
}

export function call<R>() {
  return <A extends z.ZodType>(args: A, doc: string): CallSpec<A, R> => ({ args, doc })
}

export interface EventSpec<P> {
  payload?: P
  doc: string
}

export function event<P>(doc: string): EventSpec<P> {
  return { doc }
}

export { ApiError, type ApiErrorCode, type ApiErrorShape } from './api-error'

/** A project-relative path as the renderer sends it. Confinement to the project is checked in the core. */
export const projectPath = z.string().min(1).max(4096)
