import { calls } from '../../src-shared/contract'

/**
 * The server's limits, derived from the contract where the contract sets the size.
 *
 * The biggest argument of any call is the content of `files.save` (a string of at most N UTF-16
 * units). In a JSON text frame that string takes at most 3 bytes per unit as UTF-8 (4 bytes per
 * surrogate pair), plus escapes: a frame of 3·N + 1 MiB carries any text file of N units whose
 * control characters (other than tab/newline, which JSON escapes in 2 bytes) are rare. Frames
 * over the limit are refused with close code 1009 and the server carries on.
 */
const SAVE_MAX_UNITS = calls['files.save'].args.shape.content.maxLength ?? 32 * 1024 * 1024
export const LARGEST_CALL_UNITS = Math.max(SAVE_MAX_UNITS, calls['console.upload'].args.shape.chunk.maxLength ?? 0)

export interface ServerLimits {
  /** Largest message (frame payload) accepted from a client. */
  maxMessageBytes: number
  /** Calls one connection may have running at once; more are refused with `busy`. */
  maxCallsInFlight: number
  /** Output queued for a client above which the server stops reading its requests. */
  pauseAboveBytes: number
  /** Output queued for a client above which the connection is dropped (one message alone is always allowed). */
  dropAboveBytes: number
  /** A paused client that takes nothing for this long is dropped. */
  stalledForMs: number
  /** Open WebSocket connections at once. */
  maxConnections: number
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxMessageBytes: 3 * LARGEST_CALL_UNITS + 1024 * 1024,
  maxCallsInFlight: 256,
  pauseAboveBytes: 16 * 1024 * 1024,
  dropAboveBytes: 128 * 1024 * 1024,
  stalledForMs: 60_000,
  maxConnections: 64,
}
