import fs from 'node:fs'
import path from 'node:path'
import { renderNewMeta } from '../src-main/unity/meta/meta-writer'
import { mulberry32 } from '../src-main/testing/prng'

/**
 * A synthetic Unity project for benchmarks and UI load tests: scenes full of prefab instances,
 * prefabs with meshes, materials, scripts and nested prefabs, materials referencing textures and
 * shaders, ScriptableObjects referencing each other, plus binary textures/models and scripts, each
 * with a Unity-format `.meta`. Deterministic for a given seed, so figures are comparable across runs.
 *
 * Returns the figures the indexer must report for it (`references.occurrences` etc.), so a bench
 * can check the index it timed is also right.
 */

export interface GenerateOptions {
  /** Number of assets (files, not counting .meta files and folders). */
  assets: number
  seed?: number
}

export interface GeneratedProject {
  root: string
  assets: number
  folders: number
  files: number
  bytes: number
  /** Every `guid: <hex>` written outside .meta files under Assets/. */
  occurrences: number
  declaredGuids: number
}

/** Share of each kind, roughly what a mid-size 3D game looks like. */
const MIX: [Kind, number][] = [
  ['texture', 0.3],
  ['script', 0.18],
  ['material', 0.15],
  ['prefab', 0.15],
  ['model', 0.07],
  ['so', 0.08],
  ['audio', 0.04],
  ['anim', 0.02],
  ['scene', 0.01],
]
type Kind = 'texture' | 'script' | 'material' | 'prefab' | 'model' | 'so' | 'audio' | 'anim' | 'scene'
const EXT: Record<Kind, string> = { texture: '.png', script: '.cs', material: '.mat', prefab: '.prefab', model: '.fbx', so: '.asset', audio: '.wav', anim: '.anim', scene: '.unity' }
const FOLDER: Record<Kind, string> = { texture: 'Textures', script: 'Scripts', material: 'Materials', prefab: 'Prefabs', model: 'Models', so: 'Data', audio: 'Audio', anim: 'Animations', scene: 'Scenes' }

const HEADER = '%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n'
const BUILTIN_DEFAULT = '0000000000000000f000000000000000'
const BUILTIN_EXTRA = '0000000000000000e000000000000000'


export function generateProject(root: string, opts: GenerateOptions): GeneratedProject {
  const rand = mulberry32(opts.seed ?? 1)
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]
  const hex = () => {
    let s = ''
    for (let i = 0; i < 4; i++) s += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0')
    return s
  }
  const out: GeneratedProject = { root, assets: 0, folders: 0, files: 0, bytes: 0, occurrences: 0, declaredGuids: 0 }
  const write = (rel: string, data: string | Buffer) => {
    fs.writeFileSync(path.join(root, rel), data)
    out.files++
    out.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length
  }
  const countRefs = (text: string) => (out.occurrences += text.match(/guid: [0-9a-f]{32}/g)?.length ?? 0)
  const mkdir = (rel: string) => {
    fs.mkdirSync(path.join(root, rel), { recursive: true })
    if (rel !== 'Assets' && rel.startsWith('Assets/')) {
      write(`${rel}.meta`, renderNewMeta(rel, { guid: hex(), folder: true }).text)
      out.folders++
      out.declaredGuids++
    }
  }

  // Decide every asset first so references can point anywhere, including forward.
  const counts = MIX.map(([k, share]) => [k, Math.max(1, Math.round(opts.assets * share))] as const)
  const total = counts.reduce((n, [, c]) => n + c, 0)
  const byKind = new Map<Kind, { rel: string; guid: string }[]>()
  const perFolder = 500 // Unity projects nest; 500 files per folder keeps directories realistic
  for (const [kind, c] of counts) {
    const n = kind === counts[0][0] ? c - (total - opts.assets) : c
    const list: { rel: string; guid: string }[] = []
    for (let i = 0; i < n; i++) {
      const folder = `Assets/${FOLDER[kind]}/Group${String(Math.floor(i / perFolder)).padStart(3, '0')}`
      list.push({ rel: `${folder}/${kind}_${i}${EXT[kind]}`, guid: hex() })
    }
    byKind.set(kind, list)
  }
  const all = (k: Kind) => byKind.get(k)!
  const ref = (guid: string, fileId: string, type: number) => `{fileID: ${fileId}, guid: ${guid}, type: ${type}}`
  // A few references to assets that were deleted: what real projects carry around.
  const ghost = () => (rand() < 0.02 ? hex() : null)

  fs.mkdirSync(path.join(root, 'ProjectSettings'), { recursive: true })
  fs.mkdirSync(path.join(root, 'Packages'), { recursive: true })
  mkdir('Assets')
  const madeDirs = new Set<string>()
  for (const list of byKind.values()) {
    for (const a of list) {
      const d = path.posix.dirname(a.rel)
      if (madeDirs.has(d)) continue
      const parent = path.posix.dirname(d)
      if (!madeDirs.has(parent)) {
        mkdir(parent)
        madeDirs.add(parent)
      }
      mkdir(d)
      madeDirs.add(d)
    }
  }

  const writeAsset = (a: { rel: string; guid: string }, data: string | Buffer, isText: boolean) => {
    write(a.rel, data)
    if (isText) countRefs(data as string)
    write(`${a.rel}.meta`, renderNewMeta(a.rel, { guid: a.guid, folder: false }).text)
    out.assets++
    out.declaredGuids++
  }

  const binary = (size: number, magic: number[]) => {
    const b = Buffer.alloc(size)
    Buffer.from(magic).copy(b)
    for (let i = magic.length; i < size; i += 97) b[i] = Math.floor(rand() * 256)
    return b
  }
  for (const a of all('texture')) writeAsset(a, binary(2048 + Math.floor(rand() * 6000), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), false)
  for (const a of all('model')) writeAsset(a, binary(8192 + Math.floor(rand() * 8000), [...Buffer.from('Kaydara FBX Binary  '), 0, 0x1a, 0]), false)
  for (const a of all('audio')) writeAsset(a, binary(4096, [...Buffer.from('RIFF'), 0, 0x10, 0, 0]), false)
  for (const a of all('script')) writeAsset(a, `using UnityEngine;\n\npublic class ${path.posix.basename(a.rel, '.cs')} : MonoBehaviour\n{\n    public float speed = 1f;\n    void Update() { transform.Rotate(0, speed * Time.deltaTime, 0); }\n}\n`, true)

  for (const a of all('material')) {
    const tex = [pick(all('texture')), pick(all('texture')), pick(all('texture'))]
    const lines = [HEADER + '--- !u!21 &2100000', 'Material:', '  serializedVersion: 6', `  m_Name: ${path.posix.basename(a.rel, '.mat')}`, `  m_Shader: ${ref(rand() < 0.7 ? BUILTIN_DEFAULT : BUILTIN_EXTRA, '46', 0)}`, '  m_SavedProperties:', '    serializedVersion: 3', '    m_TexEnvs:']
    for (const [i, t] of tex.entries()) lines.push(`    - _Tex${i}:`, `        m_Texture: ${ref(ghost() ?? t.guid, '2800000', 3)}`, '        m_Scale: {x: 1, y: 1}', '        m_Offset: {x: 0, y: 0}')
    lines.push('    m_Floats:', '    - _Glossiness: 0.5', '    - _Metallic: 0', '    m_Colors:', '    - _Color: {r: 1, g: 1, b: 1, a: 1}', '')
    writeAsset(a, lines.join('\n'), true)
  }

  for (const a of all('so')) {
    const lines = [HEADER + '--- !u!114 &11400000', 'MonoBehaviour:', '  m_ObjectHideFlags: 0', `  m_Script: ${ref(pick(all('script')).guid, '11500000', 3)}`, `  m_Name: ${path.posix.basename(a.rel, '.asset')}`, '  items:']
    for (let i = 0; i < 4; i++) lines.push(`  - ${ref(pick(all('so')).guid, '11400000', 2)}`)
    lines.push(`  icon: ${ref(pick(all('texture')).guid, '21300000', 3)}`, '')
    writeAsset(a, lines.join('\n'), true)
  }

  for (const a of all('anim')) {
    writeAsset(a, `${HEADER}--- !u!74 &7400000\nAnimationClip:\n  m_Name: ${path.posix.basename(a.rel, '.anim')}\n  m_SampleRate: 60\n  m_PPtrCurves: []\n  m_Events: []\n`, true)
  }

  const gameObject = (id: number, name: string, comps: number[]) =>
    [`--- !u!1 &${id}`, 'GameObject:', '  serializedVersion: 6', '  m_Component:', ...comps.map((c) => `  - component: {fileID: ${c}}`), '  m_Layer: 0', `  m_Name: ${name}`, '  m_IsActive: 1']
  for (const a of all('prefab')) {
    const lines = [HEADER.trimEnd()]
    const parts = 2 + Math.floor(rand() * 6)
    let id = 100000 + Math.floor(rand() * 1e6)
    for (let p = 0; p < parts; p++) {
      const [go, tr, mf, mr, mb] = [id++, id++, id++, id++, id++]
      lines.push(...gameObject(go, `Part${p}`, [tr, mf, mr, mb]))
      lines.push(`--- !u!4 &${tr}`, 'Transform:', `  m_GameObject: {fileID: ${go}}`, '  m_LocalPosition: {x: 0, y: 0, z: 0}', '  m_Children: []', `  m_Father: {fileID: 0}`)
      lines.push(`--- !u!33 &${mf}`, 'MeshFilter:', `  m_GameObject: {fileID: ${go}}`, `  m_Mesh: ${ref(pick(all('model')).guid, '4300000', 3)}`)
      lines.push(`--- !u!23 &${mr}`, 'MeshRenderer:', `  m_GameObject: {fileID: ${go}}`, '  m_Materials:', `  - ${ref(pick(all('material')).guid, '2100000', 2)}`, `  - ${ref(pick(all('material')).guid, '2100000', 2)}`)
      lines.push(`--- !u!114 &${mb}`, 'MonoBehaviour:', `  m_GameObject: {fileID: ${go}}`, '  m_Enabled: 1', `  m_Script: ${ref(ghost() ?? pick(all('script')).guid, '11500000', 3)}`, `  config: ${ref(pick(all('so')).guid, '11400000', 2)}`, `  clip: ${ref(pick(all('audio')).guid, '8300000', 3)}`)
    }
    if (rand() < 0.3) {
      // A nested prefab instance, with the stripped placeholder Unity writes next to it.
      const src = pick(all('prefab')).guid
      const inst = id++
      lines.push(`--- !u!1001 &${inst}`, 'PrefabInstance:', '  m_ObjectHideFlags: 0', '  serializedVersion: 2', '  m_Modification:', '    m_Modifications:', `    - target: ${ref(src, '-8679921383154817045', 3)}`, '      propertyPath: m_LocalPosition.x', '      value: 1', '      objectReference: {fileID: 0}', `  m_SourcePrefab: ${ref(src, '100100000', 3)}`)
      lines.push(`--- !u!4 &${id++} stripped`, 'Transform:', `  m_CorrespondingSourceObject: ${ref(src, '-8679921383154817045', 3)}`, `  m_PrefabInstance: {fileID: ${inst}}`)
    }
    writeAsset(a, `${lines.join('\n')}\n`, true)
  }

  for (const a of all('scene')) {
    const lines = [HEADER + '--- !u!29 &1', 'OcclusionCullingSettings:', '  m_ObjectHideFlags: 0', '--- !u!104 &2', 'RenderSettings:', `  m_SkyboxMaterial: ${ref(BUILTIN_EXTRA, '10304', 0)}`, `  m_SpotCookie: ${ref(BUILTIN_EXTRA, '10001', 0)}`]
    let id = 1000
    const instances = 60 + Math.floor(rand() * 120)
    for (let i = 0; i < instances; i++) {
      const src = pick(all('prefab')).guid
      const inst = id++
      lines.push(`--- !u!1001 &${inst}`, 'PrefabInstance:', '  m_ObjectHideFlags: 0', '  serializedVersion: 2', '  m_Modification:', `    m_TransformParent: {fileID: 0}`, '    m_Modifications:')
      for (const prop of ['m_LocalPosition.x', 'm_LocalPosition.y', 'm_LocalPosition.z', 'm_Name']) {
        lines.push(`    - target: ${ref(src, String(100000 + i), 3)}`, `      propertyPath: ${prop}`, `      value: ${prop === 'm_Name' ? `Instance${i}` : (rand() * 100).toFixed(3)}`, '      objectReference: {fileID: 0}')
      }
      lines.push('    m_RemovedComponents: []', `  m_SourcePrefab: ${ref(src, '100100000', 3)}`)
    }
    writeAsset(a, `${lines.join('\n')}\n`, true)
  }

  const scenes = all('scene').slice(0, 5)
  fs.writeFileSync(path.join(root, 'ProjectSettings/ProjectVersion.txt'), 'm_EditorVersion: 2022.3.20f1\nm_EditorVersionWithRevision: 2022.3.20f1 (61c2feb0970d)\n')
  fs.writeFileSync(
    path.join(root, 'ProjectSettings/ProjectSettings.asset'),
    `${HEADER}--- !u!129 &1\nPlayerSettings:\n  m_ObjectHideFlags: 0\n  serializedVersion: 26\n  companyName: SLATE Bench\n  productName: Generated ${opts.assets}\n  applicationIdentifier:\n    Standalone: com.slate.generated\n  scriptingBackend:\n    Standalone: 1\n  scriptingDefineSymbols:\n    Standalone: BENCH;GENERATED\n`,
  )
  fs.writeFileSync(
    path.join(root, 'ProjectSettings/EditorBuildSettings.asset'),
    `${HEADER}--- !u!1045 &1\nEditorBuildSettings:\n  m_ObjectHideFlags: 0\n  serializedVersion: 2\n  m_Scenes:\n${scenes.map((s, i) => `  - enabled: ${i % 2 === 0 ? 1 : 0}\n    path: ${s.rel}\n    guid: ${s.guid}\n`).join('')}`,
  )
  fs.writeFileSync(path.join(root, 'Packages/manifest.json'), JSON.stringify({ dependencies: { 'com.unity.render-pipelines.universal': '14.0.10', 'com.unity.textmeshpro': '3.0.6', 'com.unity.modules.physics': '1.0.0' } }, null, 2))
  return out
}
