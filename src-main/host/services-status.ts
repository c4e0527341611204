import { randomUUID } from 'node:crypto'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import type { BackendServicesInstance } from '../../src-shared/contract-services'
import type { BackendServiceStatus } from '../core/backend-runner'

type ServicesInstanceStatus = BackendServicesInstance

/**
 * Every `slate services` instance answers `<root>.services.status` (no queue group: all of them)
 * by publishing its status on the reply subject the request names, so one request gathers them
 * all — NATS request/reply would return only the first answer.
 */
export function answerServicesStatus(bus: Bus, S: Subjects, me: { instance: string; url: string | null }, status: () => BackendServiceStatus[]): () => void {
  const sub = bus.subscribe<{ replyTo?: unknown }>(S.servicesStatus(), (m) => {
    const replyTo = m.data?.replyTo
    // only a reply subject of this root: a request cannot make us publish anywhere else
    if (typeof replyTo !== 'string' || !replyTo.startsWith(`${S.servicesStatus()}.reply.`) || replyTo.split('.').length !== S.servicesStatus().split('.').length + 2) return
    const answer: ServicesInstanceStatus = { ...me, services: status() }
    bus.publish(replyTo, answer)
  })
  return () => sub.unsubscribe()
}

/** Ask every instance; collect what arrives within windowMs. */
export async function gatherServicesStatus(bus: Bus, S: Subjects, windowMs = 750): Promise<ServicesInstanceStatus[]> {
  const replyTo = S.servicesStatusReply(randomUUID())
  const got: ServicesInstanceStatus[] = []
  const sub = bus.subscribe<ServicesInstanceStatus>(replyTo, (m) => {
    const d = m.data
    if (d && typeof d.instance === 'string' && Array.isArray(d.services)) got.push({ instance: d.instance, url: typeof d.url === 'string' ? d.url : null, services: d.services })
  })
  try {
    await bus.flush()
    bus.publish(S.servicesStatus(), { replyTo })
    await new Promise((r) => setTimeout(r, windowMs))
  } finally {
    sub.unsubscribe()
  }
  return got.sort((a, b) => a.instance.localeCompare(b.instance))
}
