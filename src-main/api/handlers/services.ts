import type { BackendServicesStatus, servicesCalls } from '../../../src-shared/contract-services'
import { gatherServicesStatus } from '../../host/services-status'
import { backendServicesOf } from '../../host/start-backend-services'
import type { Handlers } from '../handler'

type ServicesCalls = keyof typeof servicesCalls

export const servicesHandlers: Handlers<ServicesCalls> = {
  'services.status': async (core): Promise<BackendServicesStatus> => {
    const own = backendServicesOf(core)
    if (own) return { mode: 'solo', instances: [{ instance: 'this app', url: null, services: own.status() }] }
    const data = core.data
    if (!data || data.bus.kind !== 'nats') return { mode: 'none', instances: [] }
    const instances = await gatherServicesStatus(data.bus, data.subjects)
    return { mode: 'team', instances }
  },
}
