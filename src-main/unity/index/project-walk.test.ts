import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isIgnoredName } from './project-walk'

describe('isIgnoredName', () => {
  it('matches the plain rule (leading dot, trailing ~, cvs, *.tmp, any case) without lower-casing', () => {
    const rule = (name: string) => {
      if (name.startsWith('.') || name.endsWith('~')) return true
      const lower = name.toLowerCase()
      return lower === 'cvs' || lower.endsWith('.tmp')
    }
    const names = fc.oneof(fc.string(), fc.constantFrom('CVS', 'cVs', 'cvs~', 'a.TMP', '.tmp', 'x.tMp', 'a.tmq', 'tmp', 'İ.tmp', 'cvſ', ''))
    fc.assert(
      fc.property(names, (name) => {
        expect(isIgnoredName(name)).toBe(rule(name))
      }),
      { numRuns: 5000 },
    )
  })
})
