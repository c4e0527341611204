import { describe, expect, it } from 'vitest'
import { parseUnityLog } from '../logs'
import { LogStore } from './log-store'

const LOG = [
  'Loading something',
  'Assets/Scripts/A.cs(12,5): error CS0246: The type or namespace name `Foo` could not be found',
  'Assets/Scripts/A.cs(12,5): error CS0246: The type or namespace name `Foo` could not be found',
  'Assets/Scripts/B.cs(3,1): warning CS0168: The variable `x` is declared but never used',
  'Loading something',
].join('\r\n')

describe('LogStore', () => {
  it('filters by level and search, counts per level, and collapses identical entries', () => {
    const store = new LogStore()
    store.append(parseUnityLog(LOG))
    const errors = store.filter({ levels: ['error'], search: '', collapse: false })
    expect(errors.rows.length).toBe(2)
    expect(errors.counts).toEqual({ info: 2, warning: 1, error: 2, exception: 0 })
    const row = store.row(errors, 0)
    expect(row).toMatchObject({ level: 'error', kind: 'compiler', file: 'Assets/Scripts/A.cs', line: 12, column: 5, code: 'CS0246' })
    const collapsed = store.filter({ levels: ['info', 'warning', 'error', 'exception'], search: '', collapse: true })
    expect(collapsed.rows.length).toBe(3)
    expect(store.row(collapsed, 0).count).toBe(2)
    const searched = store.filter({ levels: ['info', 'warning', 'error'], search: 'NEVER USED', collapse: false })
    expect(searched.rows.length).toBe(1)
    expect(searched.counts.warning).toBe(1)
  })

  it('extends a cached filter with appended entries and honours clear', () => {
    const store = new LogStore()
    const filter = { levels: ['error' as const], search: '', collapse: false }
    store.append(parseUnityLog(LOG))
    expect(store.filter(filter).rows.length).toBe(2)
    store.append(parseUnityLog('Assets/C.cs(1,1): error CS1002: ; expected\n'))
    expect(store.filter(filter).rows.length).toBe(3)
    store.clear()
    expect(store.filter(filter).rows.length).toBe(0)
    expect(store.size).toBe(0)
  })

  it('extends a cached search with appended entries, after a clear too', () => {
    const store = new LogStore()
    const filter = { levels: ['info' as const, 'error' as const], search: 'foo', collapse: true }
    store.append(parseUnityLog(LOG))
    expect(store.filter(filter).rows.length).toBe(1)
    store.append(parseUnityLog('Assets/C.cs(1,1): error CS0246: The type or namespace name `Foo` could not be found\nfood is here\n'))
    expect(store.filter(filter).rows.map((_, r) => store.row(store.filter(filter), r).title)).toEqual([
      'Assets/Scripts/A.cs(12,5): error CS0246: The type or namespace name `Foo` could not be found',
      'Assets/C.cs(1,1): error CS0246: The type or namespace name `Foo` could not be found',
      'food is here',
    ])
    store.clear()
    store.append(parseUnityLog('FOOD again\n'))
    const after = store.filter(filter)
    expect(after.counts).toEqual({ info: 1, warning: 0, error: 0, exception: 0 })
    expect(after.rows.length).toBe(1)
  })
})
