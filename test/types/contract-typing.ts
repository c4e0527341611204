/**
 * Type-level test, checked by `npm run typecheck` (tsconfig.node.json includes test/): call
 * arguments, results and event payloads are the contract's types on every side of the boundary —
 * the renderer's client, the preload bridge, the core's handlers — with no cast in between. Each
 * `@ts-expect-error` fails the typecheck if the error it expects goes away (the typing loosened).
 */
import type { Handler } from '../../src-main/api/handler'
import type { BridgeApi } from '../../src-shared/bridge'
import type { SlateClient } from '../../src-shared/contract'

export async function client(c: SlateClient): Promise<void> {
  const info = await c.call('app.info', {})
  const version: string = info.version
  const file = await c.call('fs.read', { path: 'Assets/A.cs' })
  const { cancelled } = await c.call('builds.cancel', { jobId: '00000000-0000-4000-8000-000000000000' })
  void [version, file, cancelled]
  // @ts-expect-error a call the contract does not have
  await c.call('app.nope', {})
  // @ts-expect-error arguments are the schema's input: `path` is a string
  await c.call('fs.read', { path: 3 })
  // @ts-expect-error strict schemas: no extra argument
  await c.call('app.info', { verbose: true })
  // @ts-expect-error the result is AppInfo, which has no `nope`
  void (await c.call('app.info', {})).nope
  c.on('build.finished', (job) => void job.id.toUpperCase())
  // @ts-expect-error the payload is a BuildJobSummary
  c.on('build.finished', (job) => job.nope)
  // @ts-expect-error an event the contract does not have
  c.on('build.nope', () => undefined)
}

export async function bridge(b: BridgeApi): Promise<void> {
  const outcome = await b.call('app.info', {})
  if (outcome.ok) void outcome.result.version.toUpperCase()
  // @ts-expect-error outcome results are typed per call
  if (outcome.ok) void outcome.result.nope
  // @ts-expect-error a call the contract does not have
  await b.call('app.nope', {})
  b.on('project.changed', (p) => void p?.root)
  // @ts-expect-error the payload is a ProjectSummary
  b.on('project.changed', (p) => p.nope)
}

/** A handler takes the schema's parsed output and must return the call's result. */
export const handlerArgs: Handler<'fs.read'> = (_core, args) => {
  const p: string = args.path
  throw new Error(`not called: ${p}`)
}
// @ts-expect-error a handler returning something other than the call's result
export const wrongResult: Handler<'builds.cancel'> = () => ({ cancelled: 'yes' })
