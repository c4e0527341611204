import { useCallback, useEffect, useState } from 'react'
import type { RuntimeSession } from '../../src-shared/types-data'
import { ApiError } from '../../src-shared/api-error'
import { useClient } from '../state/client'

/**
 * The open project's sessions: listed once, then kept current by runtime.session.changed (the
 * core hears every row change on the bus, whoever made it: this window, the CLI, another SLATE).
 */
export function useRuntimeSessions(root: string) {
  const client = useClient()
  const [sessions, setSessions] = useState<RuntimeSession[]>([])
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)

  const upsert = useCallback((s: RuntimeSession) => {
    setSessions((list) => {
      const at = list.findIndex((x) => x.id === s.id)
      if (at < 0) return [s, ...list]
      // an older state that arrives late must not replace a newer one
      if (list[at].updatedAt > s.updatedAt) return list
      const next = list.slice()
      next[at] = s
      return next
    })
  }, [])

  useEffect(() => {
    let gone = false
    const off = client.on('runtime.session.changed', (p) => upsert(p.session))
    setLoading(true)
    client.call('runtime.sessions.list', { limit: 200 }).then(
      (rows) => {
        if (gone) return
        setSessions((live) => {
          const byId = new Map(rows.map((r) => [r.id, r]))
          for (const s of live) if (!byId.has(s.id) || byId.get(s.id)!.updatedAt < s.updatedAt) byId.set(s.id, s)
          return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        })
        setError(null)
        setLoading(false)
      },
      (err: unknown) => {
        if (gone) return
        setError(err instanceof ApiError ? err : new ApiError('internal', String(err)))
        setLoading(false)
      },
    )
    return () => {
      gone = true
      off()
    }
  }, [client, root, tick, upsert])

  return { sessions, error, loading, upsert, reload: () => setTick((t) => t + 1) }
}

export const ACTIVE_STATUSES = ['pending', 'starting', 'running', 'stopping']

export function imageOf(s: RuntimeSession): string {
  return String(s.containerConfig.image ?? '')
}

export function shortId(id: string): string {
  return id.slice(0, 8)
}
