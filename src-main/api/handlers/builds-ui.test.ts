import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../registry'
import { SlateCore } from '../../core/slate-core'
import type { BuildProfile } from '../../../src-shared/types-builds'
import { makeTempProject, standinPath } from '../../builds/testing/standin'

/** The Builds view's extra calls, through the registry as the renderer makes them. */
let core: SlateCore
let dataDir: string
let project: ReturnType<typeof makeTempProject>

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-builds-ui-'))
  project = makeTempProject()
  core = new SlateCore({ runtime: 'cli', dataDir })
  await core.init()
  await core.settings.update({ unityPath: standinPath })
  await core.openProject(project.root)
})
afterAll(async () => {
  await core.dispose()
  project.remove()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function call<T>(name: string, args: unknown): Promise<T> {
  const r = await dispatch(core, name, args)
  if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.code} ${r.error.message}`), { error: r.error })
  return r.result as T
}

describe('builds-ui API', () => {
  it('commandLine: the dry run of a profile with the discovered editor and the scenes it would build', async () => {
    const p = await call<BuildProfile>('builds.profiles.default', { target: 'StandaloneLinux64', type: 'development' })
    const local = await call<{ executable: string; args: string[]; text: string; notes: string[] }>('builds-ui.commandLine', { profile: p })
    expect(local.executable).toBe(standinPath)
    expect(local.args.slice(0, 7)).toEqual(['-batchmode', '-quit', '-nographics', '-projectPath', project.root, '-buildTarget', 'Linux64'])
    expect(local.args[local.args.indexOf('-slateScenes') + 1]).toBe('Assets/Scenes/Main.unity')
    expect(local.text.startsWith(standinPath)).toBe(true)
    const docker = await call<{ executable: string; notes: string[] }>('builds-ui.commandLine', { profile: p, runner: 'docker' })
    expect(docker.executable).toBe('unity-editor')
    expect(docker.notes.some((n) => n.startsWith('image unityci/editor:'))).toBe(true)
    const custom = await call<{ notes: string[] }>('builds-ui.commandLine', { profile: p, runner: 'docker', image: 'registry.local/unity:6000.1.3f1-linux' })
    expect(custom.notes).toContain('image registry.local/unity:6000.1.3f1-linux')
    const farm = await call<{ notes: string[] }>('builds-ui.commandLine', { profile: p, runner: 'farm' })
    expect(farm.notes[0]).toMatch(/farm/)
  })

  it('commandLine refuses a profile that does not match the schema', async () => {
    await expect(call('builds-ui.commandLine', { profile: { id: 'x' } })).rejects.toMatchObject({ error: { code: 'invalid_argument' } })
  })

  it('buildTypes: what each type means', async () => {
    const t = await call<Record<string, { description: string; developmentBuild: boolean; compression: string }>>('builds-ui.buildTypes', {})
    expect(Object.keys(t)).toEqual(['development', 'staging', 'production'])
    expect(t.development.developmentBuild).toBe(true)
    expect(t.production).toMatchObject({ developmentBuild: false, compression: 'LZ4HC' })
  })
})
