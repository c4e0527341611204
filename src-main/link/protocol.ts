import { linkCommandNames } from '../../src-shared/contract-link'
import { z } from 'zod'

/**
 * The live link protocol v1 (/work/notes/LINK-PROTOCOL.md, mirrored in
 * resources/unity-package/Documentation~/link-protocol.md). Messages from Unity are untrusted:
 * each is checked against these schemas and anything that does not fit is counted and dropped.
 * Schemas are lenient about extra fields (a newer bridge may add some) and strict about types.
 */
export const LINK_PROTOCOL = 1
export const LINK_PATH = '/link'
/** Close code and reason for a wrong or missing token (protocol). */
export const CLOSE_BAD_TOKEN = 4401
/** Close code when no hello arrives in time (addition: see "Additions by profiler"). */
export const CLOSE_NO_HELLO = 4408
export const HELLO_TIMEOUT_MS = 5000

const short = z.string().max(512)
const processInfo = z
  .object({
    kind: z.enum(['editor', 'player']).catch('player'),
    unityVersion: short.optional().catch(undefined),
    platform: short.optional().catch(undefined),
    device: short.optional().catch(undefined),
    productName: short.optional().catch(undefined),
    pid: z.number().int().optional().catch(undefined),
    development: z.boolean().optional().catch(undefined),
  })
  .passthrough()

export const helloMessage = z.object({
  t: z.literal('hello'),
  token: z.string().max(1024),
  protocol: z.number().int().optional(),
  resume: z.string().max(100).nullable().optional(),
  process: processInfo.optional(),
})

export const playModes = ['edit', 'playing', 'paused'] as const
export const stateMessage = z.object({
  t: z.literal('state'),
  playMode: z.enum(playModes),
  compiling: z.boolean().optional(),
  timeScale: z.number().optional(),
  targetFrameRate: z.number().optional(),
  frame: z.number().optional(),
})

export const counterUnits = ['ns', 'ms', 'bytes', 'count', 'percent'] as const
export const countersMessage = z.object({
  t: z.literal('counters'),
  counters: z
    .array(
      z.object({
        id: z.number().int().min(0).max(4095),
        name: z.string().min(1).max(256),
        category: z.string().max(128).optional(),
        unit: z.enum(counterUnits).catch('count'),
      }),
    )
    .max(4096),
})

export const framesMessage = z.object({
  t: z.literal('frames'),
  frames: z
    .array(
      z.object({
        i: z.number().int(),
        time: z.number().optional(),
        v: z.array(z.number().nullable()).max(4096),
      }),
    )
    .max(10_000),
})

export const logLevels = ['log', 'warning', 'error', 'exception', 'assert'] as const
export const logsMessage = z.object({
  t: z.literal('logs'),
  entries: z
    .array(
      z.object({
        level: z.enum(logLevels).catch('log'),
        message: z.string().max(1_000_000),
        stack: z.string().max(1_000_000).optional().nullable(),
        time: z.number().optional(),
      }),
    )
    .max(100_000),
  dropped: z.number().int().min(0).optional(),
})

export const compileMessage = z.object({
  t: z.literal('compile'),
  phase: z.enum(['started', 'assembly', 'finished']),
  assembly: z.string().max(1024).optional().nullable(),
  messages: z
    .array(
      z.object({
        type: z.enum(['error', 'warning', 'info']).catch('warning'),
        message: z.string().max(100_000),
        file: z.string().max(4096).optional().nullable(),
        line: z.number().int().optional().nullable(),
        column: z.number().int().optional().nullable(),
      }),
    )
    .max(100_000)
    .optional(),
  errors: z.number().int().optional(),
})

export const replyMessage = z.object({
  t: z.literal('reply'),
  id: z.number().int(),
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: z.string().max(100_000).optional(),
})

export const pingMessage = z.object({ t: z.literal('ping') })

export type HelloMessage = z.infer<typeof helloMessage>
export type StateMessage = z.infer<typeof stateMessage>
export type CountersMessage = z.infer<typeof countersMessage>
export type FramesMessage = z.infer<typeof framesMessage>
export type LogsMessage = z.infer<typeof logsMessage>
export type CompileMessage = z.infer<typeof compileMessage>
export type ReplyMessage = z.infer<typeof replyMessage>
export type ProcessInfo = z.infer<typeof processInfo>

export type UpMessage = StateMessage | CountersMessage | FramesMessage | LogsMessage | CompileMessage | ReplyMessage | { t: 'ping' }

const afterHello: Record<string, z.ZodType> = {
  state: stateMessage,
  counters: countersMessage,
  frames: framesMessage,
  logs: logsMessage,
  compile: compileMessage,
  reply: replyMessage,
  ping: pingMessage,
}

/** Parse one text frame from Unity after the hello. Null = garbage (not JSON, unknown type, wrong shape). */
export function parseUp(text: string): UpMessage | null {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return null
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const schema = afterHello[String((raw as { t?: unknown }).t)]
  if (!schema) return null
  const parsed = schema.safeParse(raw)
  return parsed.success ? (parsed.data as UpMessage) : null
}

export function parseHello(text: string): HelloMessage | null {
  try {
    const parsed = helloMessage.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Commands SLATE can send (protocol "Down"): the list the contract validates against. */
export { linkCommandNames }
export type LinkCommandName = (typeof linkCommandNames)[number]
