// Kept free of zod so the renderer can use it without pulling in the schema library.

/** Errors that cross the boundary. `code` is stable and meant for programs; `message` for people. */
export type ApiErrorCode =
  | 'invalid_argument'
  | 'unknown_method'
  | 'unauthorized'
  | 'forbidden_path'
  | 'not_found'
  | 'no_project'
  | 'conflict'
  | 'unavailable'
  /** The server is at a limit (calls in flight, database pool): try again shortly. */
  | 'busy'
  /** The caller cancelled the call. */
  | 'cancelled'
  /** A message or argument over the size the contract allows. */
  | 'too_large'
  | 'internal'

export interface ApiErrorShape {
  code: ApiErrorCode
  message: string
  details?: unknown
}

/** What every call answers, over every transport (registry, IPC, WebSocket): one shape, declared once. */
export type CallOutcome<R = unknown> = { ok: true; result: R } | { ok: false; error: ApiErrorShape }

export class ApiError extends Error implements ApiErrorShape {
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message, details: this.details }
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details)
  }
}
