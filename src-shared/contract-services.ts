import { z } from 'zod'
import { call } from './contract-kit'

/** One backend service's state as /healthz and the dashboard show it. */
export interface BackendServiceState {
  name: string
  ok: boolean
  detail: string
  inFlight: number
}

/** Where a set of services runs: this app (solo mode) or one `slate services` instance (team). */
export interface BackendServicesInstance {
  /** "this app", or <host>-<pid> of a `slate services` */
  instance: string
  /** its /healthz and /metrics port, when it has one */
  url: string | null
  services: BackendServiceState[]
}

export interface BackendServicesStatus {
  /** solo: the services run in this app; team: the `slate services` instances that answered */
  mode: 'solo' | 'team' | 'none'
  instances: BackendServicesInstance[]
}

/**
 * The backend services (container, build, asset, logs, analytics, artifacts, link): where they run
 * and how they are. Solo mode: the app's own. Team mode: every `slate services` instance that
 * answers `<root>.services.status` within a moment.
 */
export const servicesCalls = {
  'services.status': call<BackendServicesStatus>()(z.object({}).strict(), "The backend services' health and work in flight: the app's own (solo) or each `slate services` instance (team)"),
}
