import type { SlateCore } from './slate-core'
import type { DataServices } from '../store/data-services'
import { dataLayerService } from './data-layer'

/**
 * Open the data layer for a core (see DataLayer in ./data-layer.ts): the registry owns it, closes
 * it when the core stops, and `core.data` reads it. Idempotent: a second call returns the same services.
 */
export function startDataServices(core: SlateCore, o: { migrate?: boolean } = {}): Promise<DataServices> {
  return core.service(dataLayerService).start(core, o)
}
