import { describe, expect, it } from 'vitest'
import { chordsOf, formatChord, keyBindings, matches, shortcutRows, type Chord } from './keybindings'

const key = (k: string, o: { ctrl?: boolean; shift?: boolean; alt?: boolean; code?: string } = {}) => ({
  key: k,
  code: o.code ?? '',
  ctrlKey: !!o.ctrl,
  metaKey: false,
  shiftKey: !!o.shift,
  altKey: !!o.alt,
})

// Chords a browser keeps for itself (they never reach the page) or that users expect there.
const browserChords: Chord[] = [
  ...'12345678'.split('').map((d) => ({ key: d, mod: true })),
  { key: 't', mod: true },
  { key: 'w', mod: true },
  { key: 'n', mod: true },
  { key: 'p', mod: true },
]
const same = (a: Chord, b: Chord) => formatChord(a) === formatChord(b)

describe('key bindings', () => {
  it('match their chord and nothing near it', () => {
    const save: Chord = { key: 's', mod: true }
    expect(matches(key('s', { ctrl: true }), save)).toBe(true)
    expect(matches(key('S', { ctrl: true }), save)).toBe(true)
    expect(matches(key('s', { ctrl: true, shift: true }), save)).toBe(false)
    expect(matches(key('s'), save)).toBe(false)
    expect(matches(key('¡', { alt: true, code: 'Digit1' }), { code: 'Digit1', alt: true })).toBe(true)
    expect(matches(key('?', { shift: true }), { key: '?' })).toBe(true)
  })

  it('list every labelled binding in the ? list, Ctrl+B included, with the chords of the mode', () => {
    const desktop = shortcutRows('desktop')
    const web = shortcutRows('web')
    for (const b of keyBindings.filter((x) => x.label)) {
      expect(desktop.map((r) => r[1])).toContain(b.label)
      expect(web.map((r) => r[1])).toContain(b.label)
    }
    expect(desktop).toContainEqual(['Ctrl+B', 'Start a build with the current profile (Builds view)'])
    expect(desktop).toContainEqual(['Ctrl+P', 'Quick open any file (add :line or :line:column)'])
    expect(web).toContainEqual(['Ctrl+K', 'Quick open any file (add :line or :line:column)'])
    expect(web).toContainEqual(['Alt+1', 'Dashboard view'])
  })

  it('in a browser use no chord the browser keeps for itself', () => {
    for (const b of keyBindings) {
      const clash = chordsOf(b, 'web').filter((c) => browserChords.some((r) => same(r, c)))
      expect(clash.map(formatChord), b.id).toEqual([])
    }
  })

  it('give no two bindings the same chord in one mode', () => {
    for (const mode of ['desktop', 'web'] as const) {
      const seen = new Map<string, string>()
      for (const b of keyBindings) {
        for (const c of chordsOf(b, mode)) {
          const text = formatChord(c)
          expect(seen.get(text), `${mode}: ${text} is ${seen.get(text)} and ${b.id}`).toBeUndefined()
          seen.set(text, b.id)
        }
      }
    }
  })
})
