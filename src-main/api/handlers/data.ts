import { ApiError } from '../../../src-shared/contract-kit'
import type { SlateCore } from '../../host/slate-core'
import type { DataServices } from '../../store/data-services'
import type { Handlers } from '../handler'

function data(core: SlateCore): DataServices {
  if (!core.data) throw new ApiError('unavailable', 'The data layer is not running in this process (see `slate status`)')
  return core.data
}

export const dataHandlers: Handlers<'data.status' | 'data.sync'> = {
  'data.status': (core) => data(core).status(),
  'data.sync': async (core) => {
    const d = data(core)
    await d.store.sync()
    return d.status()
  },
}
