import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { subjectMatches } from './bus'
import { createSubjects } from './subjects'

const token = fc.stringMatching(/^[a-z0-9_-]{1,6}$/)
const subject = fc.array(token, { minLength: 1, maxLength: 6 })

/** A reference matcher written differently (regex), to check subjectMatches against. */
function reference(pattern: string, s: string): boolean {
  const re = pattern
    .split('.')
    .map((t) => (t === '*' ? '[^.]+' : t === '>' ? '.+' : t.replace(/[-]/g, '\\-')))
    .join('\\.')
  return new RegExp(`^${re}$`).test(s)
}

describe('subject matching (property)', () => {
  it('agrees with a regex reference for any pattern made from any subject', () => {
    fc.assert(
      fc.property(subject, fc.array(fc.constantFrom('keep', 'star'), { maxLength: 6 }), fc.boolean(), subject, (tokens, edits, tail, other) => {
        const pattern = tokens.map((t, i) => (edits[i] === 'star' ? '*' : t))
        const p = tail ? [...pattern.slice(0, -1), '>'].join('.') : pattern.join('.')
        for (const s of [tokens.join('.'), other.join('.'), [...tokens, ...other].join('.')]) {
          expect(subjectMatches(p, s)).toBe(reference(p, s))
        }
      }),
    )
  })

  it('ids that are not single tokens never make it into a subject', () => {
    const S = createSubjects('slate')
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (id) => {
        let built: string | null = null
        try {
          built = S.buildLog(id)
        } catch {
          return
        }
        expect(built.split('.')).toHaveLength(4)
        expect(built).not.toMatch(/[*>\s]/)
      }),
    )
  })
})
