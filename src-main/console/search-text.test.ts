import { describe, expect, it } from 'vitest'
import { SearchText } from './search-text'

/** What the console searched before (and must still answer): each message lower-cased, `includes`. */
function reference(messages: string[], needle: string, from = 0, to = messages.length): number[] {
  const out: number[] = []
  for (let i = from; i < to; i++) if (messages[i].toLowerCase().includes(needle)) out.push(i)
  return out
}

const matches = (text: SearchText, needle: string, from: number, to: number) => text.matches(needle, from, to)

// Deterministic pseudo-random messages: mixed case, repeats, a needle twice in one message,
// empty messages, multi-line ones, and the characters whose lower case is unusual.
function messages(n: number, seed = 7): string[] {
  const words = ['Pathfinder', 'pathfinder3', 'ERROR', 'Assets/X.cs(12,5)', 'ΟΔΟΣ', 'İstanbul', 'ß', 'KELVIN\u212A', 'a', '', 'line\nnext', 'Σ']
  let s = seed
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  return Array.from({ length: n }, () => Array.from({ length: Math.floor(rnd() * 5) }, () => words[Math.floor(rnd() * words.length)]).join(rnd() < 0.5 ? ' ' : ''))
}

const NEEDLES = ['pathfinder3', 'pathfinder', 'a', 'p', 'error', 'ς', 'σ', 'οδος', 'i̇stanbul', 'istanbul', 'k', 'ß', '(12,5)', 'e\nn', 'nomatch', 'pathfinder3pathfinder3', ' ']

describe('SearchText', () => {
  it('finds exactly the entries whose lower-cased message contains the needle', () => {
    const msgs = messages(3000)
    const text = new SearchText()
    // Appended in uneven batches, as parsed chunks arrive.
    for (let i = 0; i < msgs.length; ) {
      const n = 1 + ((i * 7) % 400)
      text.append(msgs.slice(i, i + n))
      i += n
    }
    for (const needle of NEEDLES) {
      expect(matches(text, needle, 0, msgs.length), needle).toEqual(reference(msgs, needle))
      expect(matches(text, needle, 1234, 2345), needle).toEqual(reference(msgs, needle, 1234, 2345))
    }
  })

  it('stays exact when a live tail appends one entry at a time, and across large blocks', () => {
    const msgs = messages(1500, 11)
    const text = new SearchText()
    for (const m of msgs.slice(0, 1000)) text.append([m])
    // One batch big enough to fill several blocks on its own.
    const long = Array.from({ length: 40 }, (_, i) => `${'x'.repeat(20_000)} Pathfinder3 #${i}`)
    text.append(long)
    text.append(msgs.slice(1000))
    const all = [...msgs.slice(0, 1000), ...long, ...msgs.slice(1000)]
    for (const needle of NEEDLES) {
      expect(matches(text, needle, 0, all.length), needle).toEqual(reference(all, needle))
      expect(matches(text, needle, 990, 1050), needle).toEqual(reference(all, needle, 990, 1050))
    }
  })

  it('never matches across two messages', () => {
    const text = new SearchText()
    text.append(['abc', 'def'])
    expect(matches(text, 'cd', 0, 2)).toEqual([])
    expect(matches(text, 'c\0d', 0, 2)).toEqual([])
  })
})
