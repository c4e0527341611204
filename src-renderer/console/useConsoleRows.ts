import { useCallback, useEffect, useRef, useState } from 'react'
import type { ConsoleCounts, ConsoleFilter, ConsoleRow } from '../../src-shared/types-ui'
import { useClient } from '../state/client'

const PAGE = 200

export interface ConsoleRowsState {
  total: number
  counts: ConsoleCounts
  /** Increments when pages change, so the list re-renders. */
  version: number
  row(i: number): ConsoleRow | undefined
  /** Ask for the rows in [from, to) to be loaded. */
  want(from: number, to: number): void
  error: string | null
  /** Server-side filter time of the last first page, ms. */
  filterMs: number | null
  /** The filter the shown figures belong to (for tests and benchmarks). */
  appliedKey: string
}

/**
 * The filtered rows of one source, fetched a page at a time as the list scrolls. Only the pages
 * on screen are ever requested, so a million entries cost the renderer a few hundred rows.
 * `tick` (from `console.appended` events) refetches the totals and the pages already loaded.
 */
export function useConsoleRows(sourceId: string | null, filter: ConsoleFilter, tick: number): ConsoleRowsState {
  const client = useClient()
  const key = `${sourceId}|${JSON.stringify(filter)}`
  const pages = useRef(new Map<number, ConsoleRow[]>())
  const loading = useRef(new Set<number>())
  const generation = useRef(0)
  const [state, setState] = useState({ total: 0, counts: { info: 0, warning: 0, error: 0, exception: 0 }, version: 0, error: null as string | null, filterMs: null as number | null, appliedKey: '' })

  const fetchPage = useCallback(
    (p: number, gen: number) => {
      if (!sourceId || loading.current.has(p)) return
      loading.current.add(p)
      client.call('console.query', { sourceId, filter, offset: p * PAGE, limit: PAGE }).then(
        (res) => {
          loading.current.delete(p)
          if (gen !== generation.current) return
          pages.current.set(p, res.rows)
          setState((s) => ({ total: res.total, counts: res.counts, version: s.version + 1, error: null, filterMs: p === 0 ? res.ms : s.filterMs, appliedKey: key }))
        },
        (err: unknown) => {
          loading.current.delete(p)
          if (gen === generation.current) setState((s) => ({ ...s, error: err instanceof Error ? err.message : String(err) }))
        },
      )
    },
    [client, key],
  )

  // A new source or filter: start over from the first page.
  useEffect(() => {
    generation.current++
    pages.current = new Map()
    loading.current = new Set()
    if (!sourceId) {
      setState((s) => ({ ...s, total: 0, counts: { info: 0, warning: 0, error: 0, exception: 0 }, version: s.version + 1, appliedKey: key }))
      return
    }
    fetchPage(0, generation.current)
  }, [key, sourceId, fetchPage])

  // New entries: refresh what is loaded (the last page grows, totals and counts change).
  const lastTick = useRef(tick)
  useEffect(() => {
    if (tick === lastTick.current) return
    lastTick.current = tick
    const loaded = [...pages.current.keys()]
    loading.current.clear()
    for (const p of loaded.length ? loaded : [0]) fetchPage(p, generation.current)
  }, [tick, fetchPage])

  const want = useCallback(
    (from: number, to: number) => {
      for (let p = Math.floor(from / PAGE); p <= Math.floor(Math.max(from, to - 1) / PAGE); p++) {
        if (!pages.current.has(p)) fetchPage(p, generation.current)
      }
    },
    [fetchPage],
  )
  const row = useCallback((i: number) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE], [])
  return { ...state, row, want }
}
