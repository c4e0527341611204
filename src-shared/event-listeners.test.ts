import { describe, expect, it, vi } from 'vitest'
import { EventListeners } from './event-listeners'

describe('client-side event listeners', () => {
  it('subscribes on the first listener of a (name, key) and unsubscribes on the last; delivers by key', () => {
    const log: string[] = []
    const l = new EventListeners({ subscribe: (n, k) => log.push(`+${n}:${k}`), unsubscribe: (n, k) => log.push(`-${n}:${k}`) })
    const got: string[] = []
    const offAll1 = l.add('build.log', null, (p) => got.push(`all1:${p}`))
    const offAll2 = l.add('build.log', null, (p) => got.push(`all2:${p}`))
    const offJob = l.add('build.log', 'j1', (p) => got.push(`j1:${p}`))
    expect(log).toEqual(['+build.log:null', '+build.log:j1'])
    l.emit('build.log', 'j1', 'a')
    l.emit('build.log', 'j2', 'b')
    l.emit('build.finished', 'j1', 'c')
    expect(got).toEqual(['all1:a', 'all2:a', 'j1:a', 'all1:b', 'all2:b'])
    offAll1()
    offAll1() // twice is harmless
    expect(log).toHaveLength(2)
    offAll2()
    offJob()
    expect(log).toEqual(['+build.log:null', '+build.log:j1', '-build.log:null', '-build.log:j1'])
    expect(l.active()).toEqual([])
  })

  it('the same function added twice needs two removals; a throwing listener does not stop the others', () => {
    const l = new EventListeners({ subscribe: () => undefined, unsubscribe: () => undefined })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const got: number[] = []
    const f = () => got.push(1)
    const off1 = l.add('project.changed', null, f)
    l.add('project.changed', null, () => {
      throw new Error('boom')
    })
    const off2 = l.add('project.changed', null, f)
    l.emit('project.changed', '', null)
    expect(got).toEqual([1, 1])
    expect(logged).toHaveBeenCalledTimes(1)
    logged.mockRestore()
    off1()
    l.emit('project.changed', '', null)
    expect(got).toEqual([1, 1, 1])
    off2()
    expect(l.active()).toEqual([{ name: 'project.changed', key: null }])
  })
})
