import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CodeReference, RenameEdit } from '../../src-shared/types-code'
import { dispatch } from '../api/registry'
import { SlateCore } from '../host/slate-core'
import { unityFixture } from '../testing/fixtures'

/**
 * Shift+F12 and F2 as the editor asks for them (through the registry): on a copy of BoatAttack's
 * main-menu UI, whose buttons call ColorSelector.NextOption / PreviousOption through UnityEvents.
 * The fixture's scripts are placeholders, so ColorSelector.cs is written here; the prefabs and the
 * script's .meta (its GUID) are BoatAttack's own. Expected UnityEvent uses are read from the
 * prefab text by a regex, independently of SLATE's scanner.
 */
const src = unityFixture('BoatAttack')
const PREFABS = ['Assets/Objects/UI/prefabs/MainMenu/MainMenuUI.prefab', 'Assets/Objects/UI/prefabs/MainMenu/MenuOption.prefab']
const SCRIPT = 'Assets/Scripts/UI/ColorSelector.cs'
const OTHER = 'Assets/Scripts/UI/Options.cs'
const COLOR_SELECTOR = `using UnityEngine;

namespace BoatAttack.UI
{
    public class ColorSelector : MonoBehaviour
    {
        public int current;

        void Start() { NextOption(); }

        /// <summary>Shows the next colour.</summary>
        public void NextOption() { current++; }

        public void PreviousOption() { current--; }

        public void SetupSpectatorGame() { }
    }
}
`
// Another class with a method of the same name: neither its code nor the prefab's calls are its uses.
const OPTIONS = `namespace BoatAttack.UI
{
    public class Options
    {
        public void NextOption() { } // "NextOption" in a comment
    }
}
`

let root: string
let dataDir: string
let core: SlateCore

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-unityevent-refs-'))
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-unityevent-data-'))
  for (const rel of ['ProjectSettings', ...PREFABS, ...PREFABS.map((p) => `${p}.meta`), `${SCRIPT}.meta`]) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
    fs.cpSync(path.join(src, rel), path.join(root, rel), { recursive: true })
  }
  fs.writeFileSync(path.join(root, SCRIPT), COLOR_SELECTOR)
  fs.writeFileSync(path.join(root, OTHER), OPTIONS)
  core = new SlateCore({ runtime: 'cli', dataDir })
  await core.init()
  await core.openProject(root)
})
afterAll(async () => {
  await core.dispose()
  fs.rmSync(root, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function ok<T>(name: string, args: unknown): Promise<T> {
  const r = await dispatch(core, name, args)
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`)
  return r.result as T
}

/** Positions of `m_MethodName: <method>` whose m_Target is a ColorSelector component, by regex over the file. */
function expectedEventUses(method: string): string[] {
  const guid = /guid: ([0-9a-f]{32})/.exec(fs.readFileSync(path.join(root, `${SCRIPT}.meta`), 'utf8'))![1]
  const out: string[] = []
  for (const rel of PREFABS) {
    const text = fs.readFileSync(path.join(root, rel), 'utf8')
    const ofScript = new Set<string>()
    for (const m of text.matchAll(/--- !u!114 &(-?\d+)\n(?:(?!---)[^\n]*\n)*?\s+m_Script: \{fileID: \d+, guid: ([0-9a-f]{32})/g)) if (m[2] === guid) ofScript.add(m[1])
    const lines = text.split('\n')
    lines.forEach((line, i) => {
      const m = new RegExp(`^(\\s+m_MethodName: )${method}\\s*$`).exec(line)
      if (!m) return
      const target = lines.slice(Math.max(0, i - 3), i).reverse().map((l) => /m_Target: \{fileID: (-?\d+)\}/.exec(l)?.[1]).find(Boolean)
      if (target && ofScript.has(target)) out.push(`${rel}:${i + 1}:${m[1].length + 1}`)
    })
  }
  return out.sort()
}

const at = (r: { path: string; line: number; column: number }) => `${r.path}:${r.line}:${r.column}`
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

describe('references include the UnityEvents wired to a method', () => {
  it("Shift+F12 on ColorSelector.NextOption lists the code call and every button that calls it, not Options.NextOption's", async () => {
    const line = lineOf(COLOR_SELECTOR, 'public void NextOption')
    const column = COLOR_SELECTOR.split('\n')[line - 1].indexOf('NextOption') + 1
    const refs = await ok<CodeReference[]>('code.references', { path: SCRIPT, line, column, includeDeclaration: false })
    const code = refs.filter((r) => !r.unityEvent)
    expect(code.map(at)).toEqual([`${SCRIPT}:${lineOf(COLOR_SELECTOR, 'void Start')}:${COLOR_SELECTOR.split('\n')[lineOf(COLOR_SELECTOR, 'void Start') - 1].indexOf('NextOption') + 1}`])
    const events = refs.filter((r) => r.unityEvent)
    const expected = expectedEventUses('NextOption')
    expect(expected.length).toBeGreaterThan(0)
    expect(events.map(at).sort()).toEqual(expected)
    for (const e of events) {
      expect(e.unityEvent!.event).toBe('m_OnClick')
      expect(e.text).toContain('m_OnClick')
      // The position is the method name itself, as an editor highlights it.
      const fileLine = fs.readFileSync(path.join(root, e.path), 'utf8').split('\n')[e.line - 1]
      expect(fileLine.slice(e.column - 1, e.column - 1 + 'NextOption'.length)).toBe('NextOption')
    }
  })

  it('a use of the method in code leads to the same UnityEvents', async () => {
    const line = lineOf(COLOR_SELECTOR, 'void Start')
    const column = COLOR_SELECTOR.split('\n')[line - 1].indexOf('NextOption') + 1
    const refs = await ok<CodeReference[]>('code.references', { path: SCRIPT, line, column, includeDeclaration: true })
    expect(refs.filter((r) => r.declaration).map(at)).toEqual([`${SCRIPT}:${lineOf(COLOR_SELECTOR, 'public void NextOption')}:${COLOR_SELECTOR.split('\n')[lineOf(COLOR_SELECTOR, 'public void NextOption') - 1].indexOf('NextOption') + 1}`])
    expect(refs.filter((r) => r.unityEvent).map(at).sort()).toEqual(expectedEventUses('NextOption'))
  })

  it('the other class of the same method name has no UnityEvent uses and no code uses', async () => {
    const line = lineOf(OPTIONS, 'public void NextOption')
    const column = OPTIONS.split('\n')[line - 1].indexOf('NextOption') + 1
    const refs = await ok<CodeReference[]>('code.references', { path: OTHER, line, column, includeDeclaration: false })
    expect(refs).toEqual([])
  })
})

describe('rename preview (F2)', () => {
  it('lists an edit at the declaration and at each code use, in the files the index says, and writes nothing', async () => {
    const line = lineOf(COLOR_SELECTOR, 'public int current')
    const column = COLOR_SELECTOR.split('\n')[line - 1].indexOf('current') + 1
    const before = fs.readFileSync(path.join(root, SCRIPT), 'utf8')
    const r = await ok<{ edits: RenameEdit[]; files: number; refused: string | null }>('code.renamePreview', { path: SCRIPT, line, column, newName: 'index' })
    expect(r.refused).toBeNull()
    // Independently: every whole-word "current" of the file is the field (no other symbol of that name here).
    const expected: string[] = []
    COLOR_SELECTOR.split('\n').forEach((l, i) => {
      for (const m of l.matchAll(/\bcurrent\b/g)) expected.push(`${SCRIPT}:${i + 1}:${m.index! + 1}`)
    })
    expect(r.edits.map(at).sort()).toEqual(expected.sort())
    expect(r.edits.every((e) => e.newText === 'index' && e.length === 'current'.length)).toBe(true)
    expect(r.files).toBe(1)
    expect(fs.readFileSync(path.join(root, SCRIPT), 'utf8')).toBe(before)
  })

  it('refuses a Unity message, the script class, a keyword and a non-identifier, saying why', async () => {
    const pos = (needle: string, word: string) => {
      const line = lineOf(COLOR_SELECTOR, needle)
      return { path: SCRIPT, line, column: COLOR_SELECTOR.split('\n')[line - 1].indexOf(word) + 1 }
    }
    const rename = (p: object, newName: string) => ok<{ edits: RenameEdit[]; refused: string | null }>('code.renamePreview', { ...p, newName })
    expect((await rename(pos('void Start', 'Start'), 'Begin')).refused).toMatch(/Unity message/)
    expect((await rename(pos('class ColorSelector', 'ColorSelector'), 'Picker')).refused).toMatch(/Unity script class/)
    expect((await rename(pos('public int current', 'current'), 'class')).refused).toMatch(/not a C# identifier/)
    expect((await rename(pos('public int current', 'current'), '2x')).refused).toMatch(/not a C# identifier/)
  })

  it('renames a method UnityEvents call by name in the prefabs too, at each m_MethodName', async () => {
    const line = lineOf(COLOR_SELECTOR, 'public void PreviousOption')
    const column = COLOR_SELECTOR.split('\n')[line - 1].indexOf('PreviousOption') + 1
    const r = await ok<{ edits: RenameEdit[]; files: number; refused: string | null }>('code.renamePreview', { path: SCRIPT, line, column, newName: 'Back' })
    expect(r.refused).toBeNull()
    const inPrefabs = r.edits.filter((e) => e.path.endsWith('.prefab'))
    const expected = expectedEventUses('PreviousOption')
    expect(expected.length).toBeGreaterThan(0)
    expect(inPrefabs.map(at).sort()).toEqual(expected)
    expect(r.edits.filter((e) => e.path === SCRIPT).map(at)).toEqual([`${SCRIPT}:${line}:${column}`])
    expect(r.files).toBe(1 + new Set(inPrefabs.map((e) => e.path)).size)
  })

  it('a method set by name in a prefab-instance override is listed as a possible use, and a rename refuses rather than break it', async () => {
    // Independently: `propertyPath: …m_Calls.Array.data[N].m_MethodName` then `value: SetupSpectatorGame`.
    const expected: string[] = []
    for (const rel of PREFABS) {
      const lines = fs.readFileSync(path.join(root, rel), 'utf8').split('\n')
      lines.forEach((l, i) => {
        if (/propertyPath: \S*m_PersistentCalls\.m_Calls\.Array\.data\[\d+\]\.m_MethodName\s*$/.test(l)) {
          const v = /^(\s*value: )SetupSpectatorGame\s*$/.exec(lines[i + 1] ?? '')
          if (v) expected.push(`${rel}:${i + 2}:${v[1].length + 1}`)
        }
      })
    }
    expect(expected.length).toBeGreaterThan(0)
    const line = lineOf(COLOR_SELECTOR, 'public void SetupSpectatorGame')
    const column = COLOR_SELECTOR.split('\n')[line - 1].indexOf('SetupSpectatorGame') + 1
    const refs = await ok<CodeReference[]>('code.references', { path: SCRIPT, line, column, includeDeclaration: false })
    const overrides = refs.filter((r) => r.unityEvent?.override)
    expect(overrides.map(at).sort()).toEqual(expected.sort())
    expect(overrides[0].text).toMatch(/prefab override/)
    const r = await ok<{ edits: RenameEdit[]; refused: string | null }>('code.renamePreview', { path: SCRIPT, line, column, newName: 'Spectate' })
    expect(r.refused).toMatch(/prefab override/)
    expect(r.edits).toEqual([])
  })
})
