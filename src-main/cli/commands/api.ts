import { parseArgs } from 'node:util'
import { z } from 'zod'
import { calls, events } from '../../../src-shared/contract'
import type { AnyEventSpec } from '../../../src-shared/contract-kit'
import { CliError, type CliCommand } from '../command'

const usage = `Usage: slate api [<call or event>] [--json]

List the API contract (src-shared/contract.ts): every call the UI can make, with its one-line doc,
and every event, with how it is delivered. With a name, that call's arguments as JSON Schema.

Options:
  --json   machine-readable: {calls: [{name, doc, args}], events: [{name, doc, delivery}]}`

function argsSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any' })
  } catch {
    return null
  }
}

function delivery(spec: AnyEventSpec): string {
  const d = spec.delivery
  const keyed = d.key ? ', per key' : ''
  return d.mode === 'latest' ? `latest, at most ${d.perSecond}/s${keyed}` : `every message${keyed}`
}

export const apiCommand: CliCommand = {
  name: 'api',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } })
    if (positionals.length > 1) throw new CliError(`expected at most one name\n\n${usage}`)
    const callList = Object.entries(calls).map(([name, spec]) => ({ name, doc: spec.doc, schema: spec.args as z.ZodType }))
    const eventList = Object.entries(events).map(([name, spec]) => ({ name, doc: spec.doc, delivery: delivery(spec as AnyEventSpec) }))
    const wanted = positionals[0]
    if (wanted) {
      const c = callList.find((x) => x.name === wanted)
      const e = eventList.find((x) => x.name === wanted)
      if (!c && !e) throw new CliError(`no call or event "${wanted}" in the contract (slate api lists them)`)
      const out = c ? { name: c.name, kind: 'call', doc: c.doc, args: argsSchema(c.schema) } : { name: e!.name, kind: 'event', doc: e!.doc, delivery: e!.delivery }
      process.stdout.write(values.json ? `${JSON.stringify(out)}\n` : `${out.name} (${out.kind})\n  ${out.doc}\n${'args' in out ? `  args: ${JSON.stringify(out.args, null, 2).replace(/\n/g, '\n  ')}\n` : `  delivery: ${out.delivery}\n`}`)
      return 0
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ calls: callList.map((c) => ({ name: c.name, doc: c.doc, args: argsSchema(c.schema) })), events: eventList })}\n`)
      return 0
    }
    const width = Math.max(...callList.map((c) => c.name.length), ...eventList.map((e) => e.name.length)) + 2
    const lines = [`Calls (${callList.length}):`, ...callList.map((c) => `  ${c.name.padEnd(width)}${c.doc}`), '', `Events (${eventList.length}):`]
    lines.push(...eventList.map((e) => `  ${e.name.padEnd(width)}${e.doc} [${e.delivery}]`))
    lines.push('', '`slate api <name>` shows one call\'s arguments (JSON Schema).')
    process.stdout.write(`${lines.join('\n')}\n`)
    return 0
  },
}
