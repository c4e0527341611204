import { calls, type CallName, type ParsedArgsOf, type ResultOf } from '../../src-shared/contract'
import type { z } from 'zod'
import { ApiError } from '../../src-shared/contract-kit'
import type { CallOutcome } from '../../src-shared/api-error'
import { isProjectBound } from '../../src-shared/project-bound'
import type { SlateCore } from '../host/slate-core'
import type { CallContext, Handlers } from './handler'
import { appHandlers } from './handlers/app'
import { fsHandlers } from './handlers/fs'
import { filesHandlers } from './handlers/files'
import { consoleHandlers } from './handlers/console'
import { assetsHandlers } from './handlers/assets'
import { unityHandlers } from './handlers/unity'
import { dataHandlers } from './handlers/data'
import { buildsHandlers } from './handlers/builds'
import { buildsUiHandlers } from './handlers/builds-ui'
import { linkHandlers } from './handlers/link'
import { codeHandlers } from './handlers/code'
import { teamHandlers } from './handlers/team'
import { buildReadinessHandlers } from './handlers/build-readiness'
import { settingsCheckHandlers } from './handlers/settings-check'
import { buildsizeHandlers } from './handlers/buildsize'
import { packagesHandlers } from './handlers/packages'
import { assetprocHandlers } from './handlers/assetproc'
import { runtimeHandlers } from './handlers/runtime'
import { analyticsHandlers } from './handlers/analytics'
import { servicesHandlers } from './handlers/services'

/**
 * Every call of the contract has exactly one handler; the `satisfies` below makes a missing or
 * extra one a type error. Handler groups live in ./handlers, one file per area.
 */
const handlers = {
  ...appHandlers,
  ...fsHandlers,
  ...filesHandlers,
  ...consoleHandlers,
  ...assetsHandlers,
  ...unityHandlers,
  ...dataHandlers,
  ...buildsHandlers,
  ...buildsUiHandlers,
  ...linkHandlers,
  ...codeHandlers,
  ...teamHandlers,
  ...buildReadinessHandlers,
  ...settingsCheckHandlers,
  ...buildsizeHandlers,
  ...packagesHandlers,
  ...assetprocHandlers,
  ...runtimeHandlers,
  ...analyticsHandlers,
  ...servicesHandlers,
} satisfies Handlers

/** The same table, typed by the contract: `all[name]` is the Handler of that call, for any call name. */
const all: Handlers = handlers

export type { CallOutcome }

function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name)
}

/**
 * The contract's argument schemas, typed per call name: `argSchemas[name]` parses to exactly the
 * arguments that call's handler takes, for any call name (the assignment checks each call).
 */
const argSchemas: { readonly [N in CallName]: { readonly args: z.ZodType<ParsedArgsOf<N>> } } = calls

function parseArgs<N extends CallName>(name: N, raw: unknown): z.ZodSafeParseResult<ParsedArgsOf<N>> {
  return argSchemas[name].args.safeParse(raw)
}

function runHandler<N extends CallName>(name: N, core: SlateCore, args: ParsedArgsOf<N>, ctx: CallContext): Promise<ResultOf<N>> | ResultOf<N> {
  return all[name](core, args, ctx)
}

/**
 * The single entry point both transports use: look the call up, validate its arguments with the
 * contract's schema, run the handler, and turn every failure into a typed error. Nothing thrown
 * here escapes to crash the transport.
 */
export async function dispatch(core: SlateCore, name: string, rawArgs: unknown, options: { signal?: AbortSignal; project?: unknown } = {}): Promise<CallOutcome> {
  if (!isCallName(name)) {
    return { ok: false, error: { code: 'unknown_method', message: `Unknown call "${String(name).slice(0, 100)}"` } }
  }
  const callName = name
  const otherProject = projectMismatch(core, callName, options.project)
  if (otherProject) return { ok: false, error: otherProject.toJSON() }
  const parsed = parseArgs(callName, rawArgs ?? {})
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_argument',
        message: `Invalid arguments for ${callName}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
        details: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      },
    }
  }
  const signal = options.signal ?? new AbortController().signal
  if (signal.aborted) return cancelledOutcome(callName)
  try {
    // The caller hears "cancelled" as soon as it cancels, whether or not the handler has noticed yet.
    const result = await raceAbort(Promise.resolve(runHandler(callName, core, parsed.data, { signal })), signal)
    if (signal.aborted) return cancelledOutcome(callName)
    return { ok: true, result: result ?? null }
  } catch (err) {
    if (signal.aborted) return cancelledOutcome(callName)
    if (err instanceof ApiError) return { ok: false, error: err.toJSON() }
    console.error(`slate: ${callName} failed:`, err)
    return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } }
  }
}

/**
 * A call made for one project (the client says which: `project`, its root) while another is open
 * is refused: a view left over from before a switch must not read or write in the new project.
 * Clients that do not say are not checked (scripts, the CLI's own calls).
 */
export function projectMismatch(core: SlateCore, name: CallName, project: unknown): ApiError | null {
  if (typeof project !== 'string' || !isProjectBound(name)) return null
  const open = core.currentProject?.root ?? null
  if (open === project) return null
  return new ApiError('conflict', `${name} was made for the project at ${project.slice(0, 300)}, but ${open ? `the open project is now ${open}` : 'no project is open now'}; the view will reload`, { project: open })
}

function cancelledOutcome(name: string): CallOutcome {
  return { ok: false, error: { code: 'cancelled', message: `${name} was cancelled` } }
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}
