import { describe, expect, it } from 'vitest'
import { InProcessBus } from '../bus/in-process-bus'
import { createSubjects } from '../bus/subjects'
import { answerServicesStatus, gatherServicesStatus } from './services-status'

describe('services status over the bus (team mode: every `slate services` answers)', () => {
  it('one request gathers every instance, and an answer goes only to a reply subject of this root', async () => {
    const bus = new InProcessBus()
    const S = createSubjects('svcstatus')
    const stopA = answerServicesStatus(bus, S, { instance: 'a-1', url: 'http://a:4790' }, () => [{ name: 'logs', ok: true, detail: '3 stored', inFlight: 0 }])
    const stopB = answerServicesStatus(bus, S, { instance: 'b-2', url: null }, () => [{ name: 'container', ok: false, detail: 'Docker engine unreachable', inFlight: 1 }])
    const got = await gatherServicesStatus(bus, S, 200)
    expect(got).toEqual([
      { instance: 'a-1', url: 'http://a:4790', services: [{ name: 'logs', ok: true, detail: '3 stored', inFlight: 0 }] },
      { instance: 'b-2', url: null, services: [{ name: 'container', ok: false, detail: 'Docker engine unreachable', inFlight: 1 }] },
    ])
    const elsewhere: unknown[] = []
    bus.subscribe('other.>', (m) => void elsewhere.push(m.data))
    bus.publish(S.servicesStatus(), { replyTo: 'other.place' })
    await bus.flush()
    await bus.flush() // an answer would be a second hop
    expect(elsewhere).toEqual([])
    stopA()
    stopB()
    expect(await gatherServicesStatus(bus, S, 50)).toEqual([])
    await bus.close()
  })
})
