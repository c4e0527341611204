import { useCallback, useLayoutEffect, useRef, useState } from 'react'
import type { SlateClient } from '../../src-shared/contract'
import type { AssetListItem, AssetListResult } from '../../src-shared/types-ui'
import { useClient } from '../state/client'
import { onProjectSwitch } from '../state/project-scope'

const PAGE = 500

/**
 * The first page of a new query, asked for while the view renders rather than once it commits.
 * When the Assets view is opened its chunk arrives quickly but React holds the reveal of the lazy
 * view (up to 300 ms after the "Loading…" fallback showed); the view has already rendered by then,
 * so the first page is back before the commit and the first grid paints in the same frame as the
 * view. One entry, taken by the commit it was made for; a render React throws away leaves at most
 * this one request behind.
 */
interface Early {
  client: SlateClient
  key: string
  promise: Promise<AssetListResult>
  settled: { ok: true; value: AssetListResult } | { ok: false; error: unknown } | null
}
let early: Early | null = null
onProjectSwitch(() => (early = null))

function requestFirstPage(client: SlateClient, key: string, query: string, folder: string | null): void {
  if (early && early.client === client && early.key === key) return
  const entry: Early = { client, key, settled: null, promise: client.call('assets.search', { query, folder, offset: 0, limit: PAGE }) }
  entry.promise.then(
    (value) => (entry.settled = { ok: true, value }),
    (error: unknown) => (entry.settled = { ok: false, error }),
  )
  early = entry
}

function takeFirstPage(client: SlateClient, key: string): Early | null {
  const e = early
  if (!e || e.client !== client || e.key !== key) return null
  early = null
  return e
}

export interface AssetPages {
  total: number
  loading: boolean
  error: string | null
  /** Server time of the first page (search over the whole catalog). */
  ms: number | null
  version: number
  /** The query+folder the figures belong to, once loaded (tests and benchmarks wait on it). */
  loadedKey: string
  item(i: number): AssetListItem | undefined
  indexOf(path: string): number
  want(from: number, to: number): void
}

/** Search results fetched a page at a time as the grid scrolls; 100,000 results cost a few pages. */
export function useAssetPages(query: string, folder: string | null, tick: number): AssetPages {
  const client = useClient()
  const key = `${folder ?? ''}|${query}|${tick}`
  const pages = useRef(new Map<number, AssetListItem[]>())
  const pending = useRef(new Set<number>())
  const gen = useRef(0)
  const [state, setState] = useState({ total: 0, loading: true, error: null as string | null, ms: null as number | null, version: 0, loadedKey: '' })

  // The key the effect below last ran for: until it runs for a new key, rendering asks for its first page.
  const committedKey = useRef<string | null>(null)
  if (committedKey.current !== key) requestFirstPage(client, key, query, folder)

  const fetchPage = useCallback(
    (p: number, g: number, already?: Early | null) => {
      if (pending.current.has(p)) return
      const done = (res: AssetListResult) => {
        if (g !== gen.current) return
        pending.current.delete(p)
        pages.current.set(p, res.items)
        setState((s) => ({ total: res.total, loading: false, error: null, ms: p === 0 ? res.ms : s.ms, version: s.version + 1, loadedKey: key }))
      }
      const failed = (err: unknown) => {
        if (g !== gen.current) return
        pending.current.delete(p)
        setState((s) => ({ ...s, loading: false, error: err instanceof Error ? err.message : String(err) }))
      }
      pending.current.add(p)
      // Already answered: apply it now (in the layout effect, so before the first paint).
      if (already?.settled) return already.settled.ok ? done(already.settled.value) : failed(already.settled.error)
      ;(already?.promise ?? client.call('assets.search', { query, folder, offset: p * PAGE, limit: PAGE })).then(done, failed)
    },
    [client, query, folder, key],
  )

  useLayoutEffect(() => {
    committedKey.current = key
    gen.current++
    pages.current = new Map()
    pending.current = new Set()
    setState((s) => ({ ...s, loading: true, error: null }))
    fetchPage(0, gen.current, takeFirstPage(client, key))
  }, [fetchPage, client, key])

  const want = useCallback(
    (from: number, to: number) => {
      for (let p = Math.floor(from / PAGE); p <= Math.floor(Math.max(from, to - 1) / PAGE); p++) if (!pages.current.has(p)) fetchPage(p, gen.current)
    },
    [fetchPage],
  )
  const item = useCallback((i: number) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE], [])
  const indexOf = useCallback((path: string) => {
    for (const [p, items] of pages.current) {
      const k = items.findIndex((a) => a.path === path)
      if (k >= 0) return p * PAGE + k
    }
    return -1
  }, [])
  return { ...state, item, indexOf, want }
}
