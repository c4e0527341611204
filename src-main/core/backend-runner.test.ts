import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import type { BackendService } from './backend-service'
import { selectBackendServices, startBackendServices, type BackendServiceEntry } from './backend-runner'

type Deps = { nats: boolean }

function table(events: string[], opts: { failStart?: string; failDrain?: string } = {}): BackendServiceEntry<Deps>[] {
  const entry = (name: string, needsNats = false): BackendServiceEntry<Deps> => ({
    name,
    what: name,
    unavailable: (d) => (needsNats && !d.nats ? 'needs NATS' : null),
    start: async () => {
      if (opts.failStart === name) throw new Error('port in use')
      events.push(`start ${name}`)
      const s: BackendService = {
        name,
        inFlight: () => name.length,
        health: () => ({ ok: name !== 'sick', detail: name }),
        drain: async () => {
          events.push(`drain ${name}`)
          if (opts.failDrain === name) throw new Error('stuck')
        },
      }
      return s
    },
  })
  return [entry('logs'), entry('container'), entry('build', true), entry('sick')]
}

const ctx = (log: string[] = []) => ({ metrics: new Registry(), log: (l: string) => void log.push(l) })

describe('the backend service runner', () => {
  it('starts in table order and drains in reverse, once however often drain is called', async () => {
    const events: string[] = []
    const t = table(events)
    const group = await startBackendServices(t, { nats: true }, ctx())
    await Promise.all([group.drain(), group.drain()])
    expect(events).toEqual(['start logs', 'start container', 'start build', 'start sick', 'drain sick', 'drain build', 'drain container', 'drain logs'])
    expect(group.status().map((s) => [s.name, s.ok, s.inFlight])).toEqual([
      ['logs', true, 4],
      ['container', true, 9],
      ['build', true, 5],
      ['sick', false, 4],
    ])
    expect(group.ok()).toBe(false)
  })

  it('drains what started when a later service fails to start, and names it', async () => {
    const events: string[] = []
    await expect(startBackendServices(table(events, { failStart: 'build' }), { nats: true }, ctx())).rejects.toThrow('service "build" did not start: port in use')
    expect(events).toEqual(['start logs', 'start container', 'drain container', 'drain logs'])
  })

  it('a failing drain is logged and the others still drain', async () => {
    const events: string[] = []
    const log: string[] = []
    const group = await startBackendServices(table(events, { failDrain: 'container' }), { nats: true }, ctx(log))
    await group.drain()
    expect(events.filter((e) => e.startsWith('drain'))).toEqual(['drain sick', 'drain build', 'drain container', 'drain logs'])
    expect(log).toEqual(['service container: drain failed: stuck'])
  })

  it('selects every available service by default and says why the others are skipped; --only is strict', () => {
    const t = table([])
    const d = selectBackendServices(t, { nats: false }, null)
    expect(d.selected.map((e) => e.name)).toEqual(['logs', 'container', 'sick'])
    expect(d.skipped).toEqual([{ name: 'build', why: 'needs NATS' }])
    expect(selectBackendServices(t, { nats: false }, ['container', 'logs']).selected.map((e) => e.name)).toEqual(['logs', 'container'])
    expect(() => selectBackendServices(t, { nats: false }, ['build'])).toThrow('service "build" cannot run here: needs NATS')
    expect(() => selectBackendServices(t, { nats: true }, ['nope'])).toThrow('unknown service "nope": this SLATE runs logs, container, build, sick')
  })

  it('exposes each service as up / in-flight gauges', async () => {
    const c = ctx()
    await startBackendServices(table([]), { nats: true }, c)
    const text = await c.metrics.metrics()
    expect(text).toContain('slate_service_up{service="logs"} 1')
    expect(text).toContain('slate_service_up{service="sick"} 0')
    expect(text).toContain('slate_service_in_flight{service="container"} 9')
  })
})
