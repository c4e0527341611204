import { describe, expect, it } from 'vitest'
import { defineService, ServiceRegistry } from './service-registry'

describe('ServiceRegistry', () => {
  const log: string[] = []
  const def = (name: string, failStop = false) =>
    defineService<{ name: string; project: number }, { id: string }>({
      name,
      create: (host) => (log.push(`create ${name} for ${host.id}`), { name, project: 0 }),
      projectChanged: (s) => void s.project++,
      stop: (s) => {
        log.push(`stop ${s.name}`)
        if (failStop) throw new Error(`${name} refused to stop`)
      },
    })

  it('creates a service once, on first use, tells live ones of a project switch, and stops them in reverse order of creation', async () => {
    log.length = 0
    const registry = new ServiceRegistry({ id: 'core' })
    const data = def('data')
    const link = def('link', true)
    const unused = def('unused')
    expect(registry.has(data)).toBe(false)
    const d = registry.get(data)
    expect(registry.get(data)).toBe(d)
    const l = registry.get(link)
    registry.projectChanged()
    expect([d.project, l.project]).toEqual([1, 1])
    expect(registry.has(unused)).toBe(false)
    // a stop that throws does not keep the others from stopping
    await registry.stopAll()
    expect(log).toEqual(['create data for core', 'create link for core', 'stop link', 'stop data'])
    expect(registry.has(data)).toBe(false)
  })
})
