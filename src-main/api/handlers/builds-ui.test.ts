import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BuildProfile } from '../../../src-shared/types-builds'
import { standinPath } from '../../builds/testing/standin'
import { openBuildsApiHarness, type BuildsApiHarness } from '../../builds/testing/api-harness'

/** The Builds view's extra calls, through the registry as the renderer makes them. */
let h: BuildsApiHarness
beforeAll(async () => {
  h = await openBuildsApiHarness()
})
afterAll(() => h.close())
const call = <T,>(name: string, args: unknown) => h.call<T>(name, args)

describe('builds-ui API', () => {
  it('commandLine: the dry run of a profile with the discovered editor and the scenes it would build', async () => {
    const p = await call<BuildProfile>('builds.profiles.default', { target: 'StandaloneLinux64', type: 'development' })
    const local = await call<{ executable: string; args: string[]; text: string; notes: string[] }>('builds-ui.commandLine', { profile: p })
    expect(local.executable).toBe(standinPath)
    expect(local.args.slice(0, 7)).toEqual(['-batchmode', '-quit', '-nographics', '-projectPath', h.project.root, '-buildTarget', 'Linux64'])
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
