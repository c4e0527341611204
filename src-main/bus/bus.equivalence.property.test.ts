import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bus } from './bus'
import { InProcessBus } from './in-process-bus'
import { NatsBus } from './nats-bus'

const NATS_URL = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

const tok = fc.constantFrom('a', 'b', 'c')
const subjectArb = fc.array(tok, { minLength: 1, maxLength: 3 })
const patternArb = fc
  .tuple(fc.array(fc.constantFrom('a', 'b', 'c', '*'), { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([tokens, tail]) => (tail ? [...tokens, '>'] : tokens))
const subArb = fc.record({ pattern: patternArb, queue: fc.constantFrom(undefined, 'g1', 'g2') })

interface Outcome {
  /** deliveries per plain subscription (index into the subscription list) */
  plain: Record<number, number>
  /** deliveries per queue group */
  groups: Record<string, number>
}

/**
 * Subscribe, publish, and collect what arrived. A sentinel published last on a subject of its own
 * marks the end: both buses deliver one publisher's messages in order.
 */
async function observe(bus: Bus, root: string, subs: { pattern: string[]; queue?: string }[], pubs: string[][]): Promise<Outcome> {
  const out: Outcome = { plain: {}, groups: {} }
  const handles = subs.map((s, i) =>
    bus.subscribe(
      [root, ...s.pattern].join('.'),
      () => {
        if (s.queue) out.groups[s.queue] = (out.groups[s.queue] ?? 0) + 1
        else out.plain[i] = (out.plain[i] ?? 0) + 1
      },
      { queue: s.queue },
    ),
  )
  const done = new Promise<void>((resolve) => handles.push(bus.subscribe(`${root}_end`, () => resolve())))
  await bus.flush()
  for (const p of pubs) bus.publish([root, ...p].join('.'), p)
  bus.publish(`${root}_end`, null)
  await done
  handles.forEach((h) => h.unsubscribe())
  await bus.flush()
  return out
}

describe('in-process bus and NATS deliver the same messages (property)', () => {
  let local: Bus
  let nats: Bus
  beforeAll(async () => {
    local = new InProcessBus()
    nats = await NatsBus.connect({ url: NATS_URL, name: 'slate-bus-equivalence' })
  })
  afterAll(async () => {
    await local?.close()
    await nats?.close()
  })

  it('for any subscriptions (wildcards, queue groups) and any publishes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(subArb, { minLength: 1, maxLength: 5 }), fc.array(subjectArb, { minLength: 1, maxLength: 12 }), async (subs, pubs) => {
        const root = `eq${randomUUID().slice(0, 8)}`
        const a = await observe(local, root, subs, pubs)
        const b = await observe(nats, root, subs, pubs)
        expect(b).toEqual(a)
      }),
      { numRuns: 40 },
    )
  })
})
