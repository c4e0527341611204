import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { unityFixture } from '../../testing/fixtures'
import { parseSettingsAsset } from '../settings/project-files'
import { parseSceneModel } from './scene-model'
import { isMap, parseUnityYaml, parseYaml } from './unity-yaml'

const HEADER = '%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n'

describe('parseUnityYaml', () => {
  it('reads the %TAG header and --- !u!<classId> &<fileId> documents, including stripped ones', () => {
    const f = parseUnityYaml(`${HEADER}--- !u!1 &100\nGameObject:\n  m_Name: Cube\n--- !u!1001 &123 stripped\nPrefabInstance:\n  m_ObjectHideFlags: 0\n`)
    expect(f.yamlVersion).toBe('1.1')
    expect(f.tags).toEqual({ '!u!': 'tag:unity3d.com,2011:' })
    expect(f.documents.map((d) => [d.classId, d.fileId, d.stripped, d.className])).toEqual([
      ['1', '100', false, 'GameObject'],
      ['1001', '123', true, 'PrefabInstance'],
    ])
    expect(f.documents[0].body.m_Name).toBe('Cube')
    expect(f.problems).toEqual([])
  })

  it('keeps 64-bit and negative file IDs exact, as strings', () => {
    const f = parseUnityYaml(`${HEADER}--- !u!114 &8187458271002221755\nMonoBehaviour:\n  m_Ref: {fileID: -8276835574329789102, guid: 0123456789abcdef0123456789abcdef, type: 3}\n`)
    const d = f.documents[0]
    expect(d.fileId).toBe('8187458271002221755')
    expect(d.body.m_Ref).toEqual({ fileID: '-8276835574329789102', guid: '0123456789abcdef0123456789abcdef', type: '3' })
    // A JS number would have rounded it.
    expect(String(Number('-8276835574329789102'))).not.toBe('-8276835574329789102')
  })

  it('reads sequences at the key indent, nested sequences, wrapped flow mappings and multi-line quoted strings', () => {
    const text = [
      'Root:',
      '  m_Component:',
      '  - component: {fileID: 4}',
      '  - component: {fileID: 5}',
      '  m_Paths:',
      '  - - {x: -0.5, y: -0.5}',
      '    - {x: 0, y: 0.54}',
      '  m_Wrapped: {fileID: 11400000, guid: 3f119a19757f84dac85ee298b9dd65d3,',
      '    type: 2}',
      "  m_Text: 'Graph",
      '',
      "'",
      "  m_Quote: 'it''s'",
      '  m_Empty: ',
      '  m_Double: "a\\tb"',
    ].join('\n')
    const { value, problems } = parseYaml(text)
    expect(problems).toEqual([])
    const root = (value as Record<string, unknown>).Root as Record<string, unknown>
    expect(root.m_Component).toEqual([{ component: { fileID: '4' } }, { component: { fileID: '5' } }])
    expect(root.m_Paths).toEqual([[{ x: '-0.5', y: '-0.5' }, { x: '0', y: '0.54' }]])
    expect(root.m_Wrapped).toEqual({ fileID: '11400000', guid: '3f119a19757f84dac85ee298b9dd65d3', type: '2' })
    expect(root.m_Text).toBe('Graph\n')
    expect(root.m_Quote).toBe("it's")
    expect(root.m_Empty).toBe(null)
    expect(root.m_Double).toBe('a\tb')
  })

  it('survives a line of several megabytes', () => {
    const big = 'ab'.repeat(1_500_000)
    const f = parseUnityYaml(`${HEADER}--- !u!114 &1\nMonoBehaviour:\n  m_Table: ${big}\n  m_Next: 1\n`)
    expect((f.documents[0].body.m_Table as string).length).toBe(3_000_000)
    expect(f.documents[0].body.m_Next).toBe('1')
  })

  it('strips a byte-order mark and handles CRLF', () => {
    const { value } = parseYaml('\uFEFFfileFormatVersion: 2\r\nguid: 0123456789abcdef0123456789abcdef\r\n')
    expect(value).toEqual({ fileFormatVersion: '2', guid: '0123456789abcdef0123456789abcdef' })
  })

  it('parses every text-serialized file of the fixtures without a problem', () => {
    // A sample across the three projects: scenes, prefabs, the 500k-character TMP font lines.
    const samples = [
      path.join(unityFixture('BoatAttack'), 'Assets/scenes/main_menu.unity'),
      path.join(unityFixture('BoatAttack'), 'Assets/Objects/UI/prefabs/MainMenu/BenchmarkPanel.prefab'),
      path.join(unityFixture('NavMeshComponents'), 'Assets/Examples/Scenes/6_modify_mesh.unity'),
      path.join(unityFixture('2d-techdemos'), 'Assets/Tilemap/Brick/Brick.unity'),
    ]
    const tmp = fs.readdirSync(path.join(unityFixture('BoatAttack'), 'Assets/TextMesh Pro/Resources/Fonts & Materials'))
    for (const f of tmp) if (f.endsWith('.asset')) samples.push(path.join(unityFixture('BoatAttack'), 'Assets/TextMesh Pro/Resources/Fonts & Materials', f))
    for (const file of samples) {
      const r = parseUnityYaml(fs.readFileSync(file, 'utf8'))
      expect({ file, problems: r.problems }).toEqual({ file, problems: [] })
      expect(r.documents.length).toBeGreaterThan(0)
    }
  })
})

describe('fixture oddities', () => {
  it('keeps a negative 64-bit document file ID from a real asset exact', () => {
    const file = path.join(unityFixture('2d-techdemos'), 'Assets/Tilemap/Rule Tiles/Rule Override Tile/Tile Asset/Clothesline.asset')
    const f = parseUnityYaml(fs.readFileSync(file, 'utf8'))
    expect(f.documents.map((d) => d.fileId)).toContain('-8276835574329789102')
    const refs = JSON.stringify(f.documents.map((d) => d.body))
    expect(refs).toContain('"fileID":"-8276835574329789102"')
  })

  it('reads Unity 6 SceneRoots documents', () => {
    const file = path.join(unityFixture('2d-techdemos'), 'Assets/Tilemap/Brick/Brick.unity')
    const roots = parseUnityYaml(fs.readFileSync(file, 'utf8')).documents.find((d) => d.className === 'SceneRoots')!
    expect(roots.classId).toBe('1660057539')
    expect(Array.isArray(roots.body.m_Roots)).toBe(true)
  })

  it('reads a TextMeshPro font asset with a line of more than 500,000 characters', () => {
    const file = path.join(unityFixture('BoatAttack'), 'Assets/TextMesh Pro/Resources/Fonts & Materials/LiberationSans SDF - Fallback.asset')
    const text = fs.readFileSync(file, 'utf8')
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeGreaterThan(500_000)
    const f = parseUnityYaml(text)
    expect(f.problems).toEqual([])
    expect(f.documents.some((d) => d.className === 'MonoBehaviour')).toBe(true)
  })
})

describe('JSON .asset files under ProjectSettings', () => {
  it('are read as JSON', () => {
    const text = fs.readFileSync(path.join(unityFixture('BoatAttack'), 'ProjectSettings/XRSettings.asset'), 'utf8')
    const r = parseSettingsAsset(text)
    expect(r.problems).toEqual([])
    expect(r.value).toBeTypeOf('object')
    expect(Array.isArray(r.value)).toBe(false)
  })
  it('YAML settings files become documents', () => {
    const text = fs.readFileSync(path.join(unityFixture('BoatAttack'), 'ProjectSettings/TagManager.asset'), 'utf8')
    const r = parseSettingsAsset(text) as { value: { class: string }[] }
    expect(r.value[0].class).toBe('TagManager')
  })
})

describe('parseSceneModel', () => {
  it('builds GameObjects with components, parents and prefab instances (Unity 2020)', () => {
    const file = path.join(unityFixture('BoatAttack'), 'Assets/scenes/main_menu.unity')
    const s = parseSceneModel('Assets/scenes/main_menu.unity', fs.readFileSync(file, 'utf8'), (g) => (g === '56de8e58d1a974ab880e61b104d7ef98' ? 'Assets/Objects/UI/prefabs/MainMenu/MainMenuUI.prefab' : null))
    const cam = s.gameObjects.find((g) => g.name === 'MenuCamera')!
    expect(cam.components.map((c) => c.className)).toEqual(['Transform', 'MonoBehaviour', 'MonoBehaviour', 'SphereCollider'])
    expect(cam.components[1].scriptGuid).toMatch(/^[0-9a-f]{32}$/)
    expect(s.prefabInstances.some((p) => p.sourcePath === 'Assets/Objects/UI/prefabs/MainMenu/MainMenuUI.prefab')).toBe(true)
    expect(s.problems).toEqual([])
  })

  it('reads Unity 5 scenes (`- 4: {fileID}` components, `Prefab:` instead of PrefabInstance)', () => {
    const dir = path.join(unityFixture('NavMeshComponents'), 'Assets/Examples/Scenes')
    const scene = fs.readdirSync(dir).find((f) => f.endsWith('.unity'))!
    const text = fs.readFileSync(path.join(dir, scene), 'utf8')
    const s = parseSceneModel(scene, text, () => null)
    expect(s.gameObjects.length).toBeGreaterThan(0)
    expect(s.gameObjects.some((g) => g.components.length > 0)).toBe(true)
    const withPrefab = parseUnityYaml(text).documents.filter((d) => d.className === 'Prefab')
    expect(s.prefabInstances.length).toBe(withPrefab.filter((d) => !d.stripped && isMap(d.body.m_ParentPrefab) && d.body.m_ParentPrefab.guid).length)
  })
})
