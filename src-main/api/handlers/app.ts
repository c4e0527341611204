import { ApiError } from '../../../src-shared/contract-kit'
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
  'project.open': (core, { root }) => {
    if (core.projectLocked) {
      throw new ApiError('forbidden_path', 'This server is bound to one project; restart `slate serve` to open another')
    }
    return core.openProject(root)
  },
  'project.openDialog': (core) => core.openProjectWithDialog(),
  'project.recent': (core) => core.settings.recent,
  'settings.get': (core) => core.settings.settings,
  'settings.set': (core, patch) => {
    // Nothing is saved while any field is wrong: each problem is said next to its field.
    const problems = settingsProblems(patch)
    if (Object.keys(problems).length) throw new ApiError('invalid_argument', Object.values(problems).join(' '), { fields: problems })
    return core.settings.update(patch)
  },
}
