import type { Bus, BusSubscription } from '../bus/bus'
import type { EntityEvent, EntityKind, Subjects } from '../bus/subjects'
import { cacheKey, type Cache } from './cache'

const KINDS: EntityKind[] = ['project', 'file', 'asset', 'runtimeSession', 'buildJob']
const CHANGES = new Set(['created', 'updated', 'deleted', 'restored'])

/**
 * Every instance listens to every entity event and drops the row from its cache: one client's
 * write invalidates every client's cache (each desktop has its own memory cache; with a shared
 * Redis the first delete wins and the rest are no-ops). Build progress and log subjects share the
 * build prefix and are ignored here.
 */
export function startCacheInvalidation(bus: Bus, S: Subjects, cache: Cache): () => void {
  const subs: BusSubscription[] = KINDS.map((kind) =>
    bus.subscribe<EntityEvent>(S.entityAll(kind), (msg) => {
      const change = msg.subject.slice(msg.subject.lastIndexOf('.') + 1)
      if (!CHANGES.has(change) || !msg.data?.id) return
      void cache.del(cacheKey(msg.data.kind ?? kind, msg.data.id)).catch(() => undefined)
    }),
  )
  return () => subs.forEach((s) => s.unsubscribe())
}
