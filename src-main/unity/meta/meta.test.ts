import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { unityFixture } from '../../testing/fixtures'
import { editImporterSettings, formatScalar } from './meta-edit'
import { parseMeta } from './meta-file'
import { importerFor, newGuid, renderNewMeta } from './meta-writer'

const PNG_META = path.join(unityFixture('2d-techdemos'), 'Assets/Tilemap/IsometricZAsY/Tilemaps/Isometric/Colliders/ColliderSprites/tile-border-top.png.meta')

describe('parseMeta', () => {
  it('reads GUID, importer, settings and the folder flag', () => {
    const m = parseMeta(fs.readFileSync(PNG_META, 'utf8'))
    expect(m.guid).toMatch(/^[0-9a-f]{32}$/)
    expect(m.importer).toBe('TextureImporter')
    expect(m.folder).toBe(false)
    expect(m.settings?.maxTextureSize).toBeTypeOf('string')
    expect(m.problems).toEqual([])
    const folder = parseMeta('fileFormatVersion: 2\nguid: d0722aca26e6cb543b13e9823385d93f\nfolderAsset: yes\nDefaultImporter:\n  externalObjects: {}\n')
    expect(folder).toMatchObject({ folder: true, importer: 'DefaultImporter', guid: 'd0722aca26e6cb543b13e9823385d93f' })
  })

  it('reads a .meta with a byte-order mark and no importer (BoatAttack BaseController.cs.meta)', () => {
    const m = parseMeta(fs.readFileSync(path.join(unityFixture('BoatAttack'), 'Assets/Scripts/Boat/BaseController.cs.meta'), 'utf8'))
    expect(m.guid).toBe('b667f7f478ef4ed590ee7d7e55399675')
    expect(m.importer).toBe(null)
  })

  it('reports both GUIDs of a .meta left with merge conflict markers', () => {
    const text = [
      'fileFormatVersion: 2',
      '<<<<<<< HEAD',
      'guid: 0123456789abcdef0123456789abcdef',
      '=======',
      'guid: fedcba9876543210fedcba9876543210',
      '>>>>>>> feature',
      'MonoImporter:',
      '  executionOrder: 0',
      '',
    ].join('\n')
    const m = parseMeta(text)
    expect(m.hasConflictMarkers).toBe(true)
    expect(m.guids).toEqual(['0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210'])
    expect(m.importer).toBe('MonoImporter')
    expect(m.problems).toContain('contains merge conflict markers')
  })
})

describe('renderNewMeta', () => {
  it('writes Unity’s layout with the importer Unity would choose, and parses back', () => {
    const guid = newGuid()
    expect(guid).toMatch(/^[0-9a-f]{32}$/)
    const cases: [string, boolean, string][] = [
      ['Assets/Player.cs', false, 'MonoImporter'],
      ['Assets/Hero.png', false, 'TextureImporter'],
      ['Assets/Boat.fbx', false, 'ModelImporter'],
      ['Assets/Red.mat', false, 'NativeFormatImporter'],
      ['Assets/Boat.prefab', false, 'PrefabImporter'],
      ['Assets/Level.unity', false, 'DefaultImporter'],
      ['Assets/notes.txt', false, 'TextScriptImporter'],
      ['Assets/Game.asmdef', false, 'AssemblyDefinitionImporter'],
      ['Assets/Sounds', true, 'DefaultImporter'],
    ]
    for (const [p, folder, importer] of cases) {
      expect(importerFor(p, folder)).toBe(importer)
      const { text } = renderNewMeta(p, { guid, folder })
      expect(text.startsWith(`fileFormatVersion: 2\nguid: ${guid}\n`)).toBe(true)
      const back = parseMeta(text)
      expect(back).toMatchObject({ guid, importer, folder, problems: [] })
    }
    expect(renderNewMeta('Assets/Red.mat', { guid, folder: false }).text).toContain('  mainObjectFileID: 2100000\n')
  })

  it('never hands out a GUID that is taken or in the built-in range', () => {
    let calls = 0
    const g = newGuid(() => ++calls < 3)
    expect(calls).toBe(3)
    expect(g.startsWith('0000000000000000')).toBe(false)
  })
})

describe('editImporterSettings', () => {
  const original = fs.readFileSync(PNG_META, 'utf8')

  it('changes only the lines of the changed keys, byte for byte elsewhere', () => {
    const r = editImporterSettings(original, 'TextureImporter', { maxTextureSize: '1024', 'textureSettings.filterMode': '1', 'mipmaps.enableMipMap': '1' })
    expect(r.missing).toEqual([])
    const before = original.split('\n')
    const after = r.text.split('\n')
    expect(after.length).toBe(before.length)
    const diff = before.map((l, i) => [l, after[i]]).filter(([a, b]) => a !== b)
    expect(diff.map(([, b]) => b.trim()).sort()).toEqual(r.changed.map((k) => `${k.split('.').pop()}: ${{ maxTextureSize: '1024', 'textureSettings.filterMode': '1', 'mipmaps.enableMipMap': '1' }[k]}`).sort())
    expect(parseMeta(r.text).settings?.maxTextureSize).toBe('1024')
  })

  it('is a no-op when the value is already set, and keeps CRLF line endings', () => {
    const current = parseMeta(original).settings!.maxTextureSize as string
    expect(editImporterSettings(original, 'TextureImporter', { maxTextureSize: current })).toEqual({ text: original, changed: [], missing: [] })
    const crlf = original.replace(/\n/g, '\r\n')
    const r = editImporterSettings(crlf, 'TextureImporter', { maxTextureSize: '512' })
    expect(r.text).toBe(crlf.replace(/^( {2}maxTextureSize:) \d+\r$/m, '$1 512\r'))
  })

  it('appends a missing leaf key to its mapping and refuses a missing parent', () => {
    const text = 'fileFormatVersion: 2\nguid: 0123456789abcdef0123456789abcdef\nMonoImporter:\n  executionOrder: 0\n  userData: \n'
    const r = editImporterSettings(text, 'MonoImporter', { newSetting: 'x y', 'nope.deep': '1' })
    expect(r.text).toBe('fileFormatVersion: 2\nguid: 0123456789abcdef0123456789abcdef\nMonoImporter:\n  executionOrder: 0\n  userData: \n  newSetting: x y\n')
    expect(r.missing).toEqual(['nope.deep'])
  })

  it('quotes values only when YAML needs it', () => {
    expect(formatScalar('1024')).toBe('1024')
    expect(formatScalar('a: b')).toBe("'a: b'")
    expect(formatScalar("it's #1")).toBe("'it''s #1'")
    expect(formatScalar('{x: 0.5, y: 0.5}')).toBe('{x: 0.5, y: 0.5}')
  })
})
