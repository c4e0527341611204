import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { dispatch } from '../../api/registry'
import { SlateCore } from '../../host/slate-core'
import { makeTempProject, standinPath } from './standin'

export interface BuildsApiHarness {
  core: SlateCore
  project: ReturnType<typeof makeTempProject>
  /** A call through the registry, as the renderer makes it; rejects with `{error}` on an API error. */
  call<T>(name: string, args: unknown): Promise<T>
  close(): Promise<void>
}

/** A core with a temp Unity project open and the Unity stand-in as its editor, for builds API tests. */
export async function openBuildsApiHarness(prepare?: (projectRoot: string) => void): Promise<BuildsApiHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-builds-api-'))
  const project = makeTempProject()
  prepare?.(project.root)
  const core = new SlateCore({ runtime: 'cli', dataDir })
  await core.init()
  await core.settings.update({ unityPath: standinPath })
  await core.openProject(project.root)
  return {
    core,
    project,
    async call<T>(name: string, args: unknown): Promise<T> {
      const r = await dispatch(core, name, args)
      if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.code} ${r.error.message}`), { error: r.error })
      return r.result as T
    },
    async close() {
      await core.dispose()
      project.remove()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
