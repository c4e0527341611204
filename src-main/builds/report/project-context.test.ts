import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { UnityProject } from '../../unity/unity-project'
import { parseReportText } from './read-report'
import { projectSizeContext } from './project-context'
import { sizeBreakdown } from './size-analysis'

// A small project: a build scene that uses a material (which uses a texture), a prefab under
// Resources, and a texture nothing reaches. A player holding all four explains three of them.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-size-ctx-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const G = { scene: 'a'.repeat(32), mat: 'b'.repeat(32), tex: 'c'.repeat(32), res: 'd'.repeat(32), stray: 'e'.repeat(32) }
function write(rel: string, text: string, guid?: string) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
  fs.writeFileSync(path.join(root, rel), text)
  if (guid) fs.writeFileSync(path.join(root, `${rel}.meta`), `fileFormatVersion: 2\nguid: ${guid}\n`)
}
write('ProjectSettings/ProjectVersion.txt', 'm_EditorVersion: 2022.3.10f1\n')
write(
  'ProjectSettings/EditorBuildSettings.asset',
  `%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!1045 &1\nEditorBuildSettings:\n  m_Scenes:\n  - enabled: 1\n    path: Assets/Scenes/Main.unity\n    guid: ${G.scene}\n`,
)
write('Assets/Scenes/Main.unity', `%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!23 &1\nMeshRenderer:\n  m_Materials:\n  - {fileID: 2100000, guid: ${G.mat}, type: 2}\n`, G.scene)
write('Assets/Materials/Hull.mat', `%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!21 &2100000\nMaterial:\n  m_SavedProperties:\n    m_TexEnvs:\n    - _MainTex:\n        m_Texture: {fileID: 2800000, guid: ${G.tex}, type: 3}\n`, G.mat)
write('Assets/Textures/hull.png', 'png', G.tex)
write('Assets/Resources/Boat.prefab', '%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!1 &1\nGameObject:\n  m_Name: Boat\n', G.res)
write('Assets/Old/stray.png', 'png', G.stray)

const entry = (guid: string, p: string, type: string, size: number) => ({ guid, path: p, type, size, objects: 1 })
const report = parseReportText(
  Buffer.from(
    JSON.stringify({
      result: 'Succeeded',
      platform: 'StandaloneLinux64',
      outputPath: '/b/Game',
      totalSize: 5000,
      steps: [],
      packedAssets: [],
      files: [{ path: '/b/Game_Data/sharedassets0.assets', role: 'SharedAssets', size: 5000 }],
      packedFiles: [
        {
          file: '/b/Game_Data/sharedassets0.assets',
          contents: [
            entry(G.mat, 'Assets/Materials/Hull.mat', 'Material', 100),
            entry(G.tex, 'Assets/Textures/hull.png', 'Texture2D', 3000),
            entry(G.res, 'Assets/Resources/Boat.prefab', 'GameObject', 200),
            // Built when the stray texture still lived elsewhere: the project says where it is now.
            entry(G.stray, 'Assets/Textures/stray.png', 'Texture2D', 1500),
            entry('0000000000000000f000000000000000', 'Resources/unity_builtin_extra', 'Shader', 50),
          ],
        },
      ],
    }),
  ),
)

describe('sizes against the project (GUIDs, reference graph)', () => {
  it('resolves GUIDs to the assets of today and lists what no build scene or Resources reaches', () => {
    const project = UnityProject.open(root)
    const b = sizeBreakdown(report, projectSizeContext(project))
    const stray = b.assets.find((a) => a.guid === G.stray)!
    expect(stray).toMatchObject({ path: 'Assets/Old/stray.png', resolved: true })
    expect(b.assets.find((a) => a.guid === G.tex)!.type).toBe(project.index.typeOf('Assets/Textures/hull.png'))
    // The scene → material → texture chain and the Resources prefab explain themselves; built-in
    // resources are Unity's; the stray texture does not.
    expect(b.unexplained).toEqual([{ path: 'Assets/Old/stray.png', guid: G.stray, size: 1500 }])
    expect(b.folders.find((f) => f.key === '(built-in)')?.size).toBe(50)
  })

  it('without a project nothing is claimed about scenes: unexplained is unknown, not empty', () => {
    expect(sizeBreakdown(report).unexplained).toBeNull()
  })
})
