import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { repoRoot } from '../../testing/fixtures'

/** The Unity stand-in executable (test/unity-standin). */
export const standinPath = path.join(repoRoot, 'test', 'unity-standin', 'unity-standin.mjs')

/** A minimal Unity project in a temp folder: ProjectVersion.txt and one enabled scene. */
export function makeTempProject(version = '6000.1.3f1'): { root: string; remove(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-build-project-'))
  fs.mkdirSync(path.join(root, 'ProjectSettings'))
  fs.mkdirSync(path.join(root, 'Assets', 'Scenes'), { recursive: true })
  fs.writeFileSync(path.join(root, 'Assets', 'Scenes', 'Main.unity'), '%YAML 1.1\n')
  fs.writeFileSync(path.join(root, 'ProjectSettings', 'ProjectVersion.txt'), `m_EditorVersion: ${version}\nm_EditorVersionWithRevision: ${version} (abc)\n`)
  fs.writeFileSync(
    path.join(root, 'ProjectSettings', 'EditorBuildSettings.asset'),
    '%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!1045 &1\nEditorBuildSettings:\n  m_Scenes:\n  - enabled: 1\n    path: Assets/Scenes/Main.unity\n    guid: 0123456789abcdef0123456789abcdef\n  m_configObjects: {}\n',
  )
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) }
}

export function standinEnv(scenario: string, extra: Record<string, string> = {}): Record<string, string> {
  return { SLATE_STANDIN_SCENARIO: scenario, SLATE_STANDIN_DURATION_MS: '300', ...extra }
}
