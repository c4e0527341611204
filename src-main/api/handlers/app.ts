import fs from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../../src-shared/contract-kit'
import type { RecentProject } from '../../../src-shared/types'
import type { SlateCore } from '../../host/slate-core'
import { settingsProblems } from '../../core/settings-check'
import { SLATE_VERSION } from '../../core/version'
import type { Handlers } from '../handler'

export const appHandlers: Handlers<
  'app.info' | 'app.health' | 'project.current' | 'project.open' | 'project.openDialog' | 'project.recent' | 'settings.get' | 'settings.set'
> = {
  'app.info': (core) => ({
    name: 'SLATE',
    version: SLATE_VERSION,
    runtime: core.runtime,
    mode: core.mode,
    platform: process.platform,
  }),
  'app.health': (core) => core.health(),
  'project.current': (core) => core.currentProject,
  'project.open': async (core, { root }) => {
    if (core.projectLocked) {
      // Only a folder the command line listed, and opened by its listed path: the page names one,
      // it never makes the server open a folder of its choosing.
      const listed = await listedProject(core, root)
      if (!listed) {
        throw new ApiError('forbidden_path', core.openableProjects.length ? 'This server opens only the projects it was started with (`slate serve --allow-open`)' : 'This server is bound to one project; restart `slate serve` to open another (or start it with --allow-open)')
      }
      return core.openProject(listed)
    }
    return core.openProject(root)
  },
  'project.openDialog': (core) => core.openProjectWithDialog(),
  // A locked server offers what it may switch to (and nothing else it once opened).
  'project.recent': (core) => (core.projectLocked ? openableAsRecent(core) : core.settings.recent),
  'settings.get': (core) => core.settings.settings,
  'settings.set': (core, patch) => {
    // Nothing is saved while any field is wrong: each problem is said next to its field.
    const problems = settingsProblems(patch)
    if (Object.keys(problems).length) throw new ApiError('invalid_argument', Object.values(problems).join(' '), { fields: problems })
    return core.settings.update(patch)
  },
}

/** The listed folder `root` names (compared by real path), or null when it is not one of them. */
async function listedProject(core: SlateCore, root: string): Promise<string | null> {
  const real = await fs.promises.realpath(path.resolve(root)).catch(() => null)
  if (!real) return null
  for (const dir of [core.currentProject?.root, ...core.openableProjects]) {
    if (dir && (await fs.promises.realpath(dir).catch(() => null)) === real) return dir
  }
  return null
}

function openableAsRecent(core: SlateCore): RecentProject[] {
  const byRoot = new Map(core.settings.recent.map((r) => [r.root, r]))
  const roots = [...new Set([core.currentProject?.root, ...core.openableProjects].filter((r): r is string => !!r))]
  return roots.map((root) => byRoot.get(root) ?? { root, name: path.basename(root), openedAt: '' })
}
