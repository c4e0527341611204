import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { unityFixture } from '../testing/fixtures'
import { metaFactsFromBuffer } from './index/file-facts'
import { parseMeta } from './meta/meta-file'
import { editImporterSettings } from './meta/meta-edit'
import { scanGuids, classifyBytes } from './scan/guid-scan'
import { parseLock, parseManifest, parsePackageJson } from './settings/packages'
import { parseEditorBuildSettings, parseProjectSettings, parseProjectVersion, parseSettingsAsset } from './settings/project-files'
import { parseSceneModel } from './yaml/scene-model'
import { parseUnityYaml, parseYaml } from './yaml/unity-yaml'

/**
 * Property tests: every parser takes arbitrary, random and truncated input without throwing or
 * hanging (vitest's timeout catches a hang), and reports trouble as `problems` instead. Inputs mix
 * YAML/JSON syntax fragments with real fixture text cut at random points, which is what a file
 * half-written by an editor or mangled by a merge looks like.
 */

const boat = unityFixture('BoatAttack')
const samples = {
  settings: fs.readFileSync(path.join(boat, 'ProjectSettings/ProjectSettings.asset'), 'utf8'),
  build: fs.readFileSync(path.join(boat, 'ProjectSettings/EditorBuildSettings.asset'), 'utf8'),
  version: fs.readFileSync(path.join(boat, 'ProjectSettings/ProjectVersion.txt'), 'utf8'),
  manifest: fs.readFileSync(path.join(boat, 'Packages/manifest.json'), 'utf8'),
  lock: fs.readFileSync(path.join(unityFixture('2d-techdemos'), 'Packages/packages-lock.json'), 'utf8'),
  scene: fs.readFileSync(path.join(boat, 'Assets/scenes/main_menu.unity'), 'utf8').slice(0, 20_000),
  meta: fs.readFileSync(path.join(unityFixture('2d-techdemos'), 'Assets/Tilemap/IsometricZAsY/Tilemaps/Isometric/Colliders/ColliderSprites/tile-border-top.png.meta'), 'utf8'),
}

const fragment = fc.oneof(
  fc.constantFrom(
    '%YAML 1.1\n', '%TAG !u! tag:unity3d.com,2011:\n', '--- !u!1 &1\n', '--- !u!1001 &-9 stripped\n', '--- \n', 'GameObject:\n',
    '  m_Name: x\n', '  - ', '- - ', '{', '}', '[', ']', ', ', ': ', "'", "''", '"', '\\', '\\u', '#', '\n', '\r\n', '  ', '\t',
    'guid: 0123456789abcdef0123456789abcdef', '{fileID: 1, guid: ', '<<<<<<< HEAD\n', '=======\n', '>>>>>>> b\n', 'folderAsset: yes\n',
    'TextureImporter:\n', '"dependencies": {', '"scopedRegistries": [', '\uFEFF', '\0',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
)
const junk = fc.array(fragment, { maxLength: 80 }).map((parts) => parts.join(''))

/** Real text cut at a random point, optionally with junk spliced in. */
function truncated(text: string) {
  return fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length }), junk).map(([a, b, j]) => {
    const [from, to] = a < b ? [a, b] : [b, a]
    return text.slice(0, from) + j + text.slice(to)
  })
}

const RUNS = 300

function noThrow<T>(arb: fc.Arbitrary<T>, fn: (v: T) => void) {
  fc.assert(fc.property(arb, (v) => void fn(v)), { numRuns: RUNS })
}

describe('parsers survive random and truncated input', () => {
  it('Unity YAML and plain YAML', () => {
    noThrow(fc.oneof(junk, truncated(samples.scene), truncated(samples.settings)), (t) => {
      const f = parseUnityYaml(t)
      expect(Array.isArray(f.problems)).toBe(true)
      for (const d of f.documents) expect(typeof d.fileId).toBe('string')
      parseYaml(t)
      parseSceneModel('x.unity', t, () => null)
    })
  })

  it('.meta parser, index facts and the settings editor', () => {
    noThrow(fc.oneof(junk, truncated(samples.meta)), (t) => {
      const m = parseMeta(t)
      for (const g of m.guids) expect(g).toMatch(/^[0-9a-f]{32}$/)
      if (m.guids.length === 0) expect(m.problems).toContain('declares no GUID')
      const facts = metaFactsFromBuffer(Buffer.from(t), { path: 'a.meta', size: t.length, mtimeMs: 0 })
      if (facts.guids.length === 0) expect(facts.problem).not.toBe(null)
      if (m.importer) editImporterSettings(t, m.importer, { maxTextureSize: '512', 'a.b': 'c' })
    })
  })

  it('ProjectSettings, EditorBuildSettings, ProjectVersion and JSON settings', () => {
    noThrow(fc.oneof(junk, truncated(samples.settings), truncated(samples.build), truncated(samples.version)), (t) => {
      const s = parseProjectSettings(t)
      expect(typeof s.value.scriptingDefineSymbols).toBe('object')
      for (const scene of parseEditorBuildSettings(t).value) expect(typeof scene.path).toBe('string')
      parseProjectVersion(t)
      parseSettingsAsset(t)
    })
  })

  it('manifest.json, packages-lock.json and package.json', () => {
    noThrow(fc.oneof(junk, truncated(samples.manifest), truncated(samples.lock), fc.json()), (t) => {
      const m = parseManifest(t)
      expect(typeof m.value.dependencies).toBe('object')
      parseLock(t)
      parsePackageJson(t, 'Packages/x')
    })
  })

  it('a damaged file becomes a problem, not an exception', () => {
    expect(parseManifest(samples.manifest.slice(0, 100)).problems[0]).toMatch(/not valid JSON/)
    expect(parseProjectVersion('garbage').problems).toEqual(['no m_EditorVersion line'])
    expect(parseProjectSettings('').problems).toContain('no PlayerSettings document')
    expect(parseUnityYaml('--- !u!x &y\nA:\n').problems[0]).toMatch(/unrecognised document header/)
  })

  it('the GUID scanner and classifier take arbitrary bytes', () => {
    noThrow(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      const buf = Buffer.from(bytes)
      scanGuids(buf)
      classifyBytes(buf)
    })
  })
})
