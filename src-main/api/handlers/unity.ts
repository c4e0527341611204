import fs from 'node:fs'
import { ApiError } from '../../../src-shared/contract-kit'
import type { SlateCore } from '../../host/slate-core'
import { toProjectRelative } from '../../core/project-paths'
import { resolveExistingConfined } from '../../core/confined-fs'
import { createMeta, MetaWriteError, setImportSettings } from '../../unity/meta/meta-ops'
import { assetDetail, findRefs, searchAssets } from '../../unity/queries'
import type { UnityProject } from '../../unity/unity-project'
import { parseSceneFile } from '../../unity/yaml/scene-parse'
import type { Handlers } from '../handler'

type UnityCalls =
  | 'unity.index.summary'
  | 'unity.assets.search'
  | 'unity.asset.get'
  | 'unity.refs'
  | 'unity.diagnostics'
  | 'unity.scene.get'
  | 'unity.meta.create'
  | 'unity.meta.setImportSettings'

const GUID = /^[0-9a-fA-F]{32}$/
const MAX_SCENE_BYTES = 64 * 1024 * 1024

async function model(core: SlateCore): Promise<UnityProject> {
  core.requireProject()
  return core.unity.get()
}

/** A path from the renderer, confined to the project, back in project-relative form. */
function rel(core: SlateCore, p: string): string {
  return toProjectRelative(core.requireProject().root, core.resolve(p))
}

/** `asset` arguments: a GUID passes through, a path is confined to the project first. */
function assetArg(core: SlateCore, asset: string): string {
  return GUID.test(asset) ? asset.toLowerCase() : rel(core, asset)
}

function rethrow(err: unknown): never {
  if (err instanceof MetaWriteError) throw new ApiError(err.code, err.message)
  throw err
}

export const unityHandlers: Handlers<UnityCalls> = {
  'unity.index.summary': async (core) => (await model(core)).summary(),
  'unity.assets.search': async (core, args) => searchAssets(await model(core), { ...args, folder: args.folder ? rel(core, args.folder) : undefined }),
  'unity.asset.get': async (core, { asset }) => {
    const d = assetDetail(await model(core), assetArg(core, asset))
    if (!d) throw new ApiError('not_found', `No asset "${asset}" in the index`)
    return d
  },
  'unity.refs': async (core, { asset, transitive }) => {
    const r = findRefs(await model(core), assetArg(core, asset), transitive)
    if (!r) throw new ApiError('not_found', `No asset "${asset}" in the index`)
    return r
  },
  'unity.diagnostics': async (core, { kind }) => {
    const all = (await model(core)).diagnostics()
    return kind ? all.filter((d) => d.kind === kind) : all
  },
  'unity.scene.get': async (core, { path }) => {
    const project = await model(core)
    const real = resolveExistingConfined(core.requireProject().root, core.resolve(path))
    const st = await fs.promises.stat(real)
    if (!st.isFile()) throw new ApiError('invalid_argument', `"${path}" is not a regular file`)
    if (st.size > MAX_SCENE_BYTES) throw new ApiError('invalid_argument', `"${path}" is ${st.size} bytes; scenes over ${MAX_SCENE_BYTES} are not parsed`)
    const r = rel(core, path)
    const facts = project.index.files.get(r)
    if (facts && (facts.storage === 'binary' || facts.storage === 'lfs')) {
      throw new ApiError('invalid_argument', `"${path}" is ${facts.storage === 'lfs' ? 'a Git LFS pointer' : 'binary-serialized'}; only text-serialized scenes can be read`)
    }
    // Large scenes and prefabs are parsed on a worker thread: the core keeps answering meanwhile.
    return parseSceneFile(r, real, st.size, (g) => project.index.pathOfGuid(g))
  },
  'unity.meta.create': async (core, { path }) => {
    try {
      return createMeta(await model(core), rel(core, path))
    } catch (err) {
      rethrow(err)
    }
  },
  'unity.meta.setImportSettings': async (core, { path, changes }) => {
    try {
      return setImportSettings(await model(core), rel(core, path), changes)
    } catch (err) {
      rethrow(err)
    }
  },
}
