import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SearchPacer } from './search-pacer'

describe('SearchPacer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('applies the first key after a pause at once and a fast burst once more at its end', () => {
    const applied: string[] = []
    const pacer = new SearchPacer(80, (t) => applied.push(t), () => Date.now())
    pacer.key('P')
    expect(applied).toEqual(['P'])
    for (const t of ['Pa', 'Pat', 'Path']) {
      vi.advanceTimersByTime(60)
      pacer.key(t)
    }
    expect(applied).toEqual(['P'])
    vi.advanceTimersByTime(79)
    expect(applied).toEqual(['P'])
    vi.advanceTimersByTime(1)
    expect(applied).toEqual(['P', 'Path'])
    // Slow typing: every key is its own search, with no wait.
    vi.advanceTimersByTime(200)
    pacer.key('Pathf')
    expect(applied).toEqual(['P', 'Path', 'Pathf'])
  })

  it('drops a pending burst on dispose', () => {
    const applied: string[] = []
    const pacer = new SearchPacer(80, (t) => applied.push(t), () => Date.now())
    pacer.key('a')
    vi.advanceTimersByTime(10)
    pacer.key('ab')
    pacer.dispose()
    vi.advanceTimersByTime(500)
    expect(applied).toEqual(['a'])
  })
})
