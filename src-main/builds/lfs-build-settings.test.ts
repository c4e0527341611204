import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { unityFixture } from '../testing/fixtures'
import { UnityProject } from '../unity/unity-project'
import { defaultProfile } from './profiles'
import { validateForProject } from './prepare'

/** BoatAttack's settings as a clone without `git lfs pull` leaves them when *.asset is in LFS. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-lfs-settings-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
const root = path.join(tmp, 'Game')
fs.cpSync(path.join(unityFixture('BoatAttack'), 'ProjectSettings'), path.join(root, 'ProjectSettings'), { recursive: true })
fs.mkdirSync(path.join(root, 'Assets'))
const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 1234\n'
fs.writeFileSync(path.join(root, 'ProjectSettings', 'EditorBuildSettings.asset'), pointer)
fs.writeFileSync(path.join(root, 'ProjectSettings', 'TagManager.asset'), pointer)

describe('settings files that are Git LFS pointers', () => {
  it('are reported as LFS pointers with what to do, not as unparseable', () => {
    const d = UnityProject.open(root, { cacheDir: null }).diagnostics()
    const lfs = d.filter((x) => x.kind === 'lfs-pointer').map((x) => x.path)
    expect(lfs).toEqual(['ProjectSettings/EditorBuildSettings.asset', 'ProjectSettings/TagManager.asset'])
    expect(d.find((x) => x.path === 'ProjectSettings/EditorBuildSettings.asset' && x.kind === 'lfs-pointer')!.message).toMatch(/git lfs pull/)
    expect(d.filter((x) => x.kind === 'unparseable' && x.path.startsWith('ProjectSettings/'))).toEqual([])
  })

  it('make a build say so instead of "no enabled scenes"', async () => {
    const v = await validateForProject(root, defaultProfile('StandaloneLinux64', 'development', 'Game'))
    const scenes = v.issues.find((i) => i.field === 'scenes')!
    expect(scenes.message).toMatch(/^EditorBuildSettings\.asset is a Git LFS pointer, not the file: run git lfs pull/)
    expect(scenes.message).not.toMatch(/no enabled scenes/)
  })

  it('the real file still gives "no enabled scenes" when none is enabled', async () => {
    fs.writeFileSync(path.join(root, 'ProjectSettings', 'EditorBuildSettings.asset'), '%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!1045 &1\nEditorBuildSettings:\n  m_Scenes: []\n')
    const v = await validateForProject(root, defaultProfile('StandaloneLinux64', 'development', 'Game'))
    expect(v.issues.find((i) => i.field === 'scenes')!.message).toMatch(/no enabled scenes/)
  })
})
