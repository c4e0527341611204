import { ApiError } from '../../../src-shared/contract-kit'
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
  'settings.set': (core, patch) => core.settings.update(patch),
}
