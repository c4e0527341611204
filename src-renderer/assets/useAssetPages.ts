import { useCallback, useEffect, useRef, useState } from 'react'
import type { AssetListItem } from '../../src-shared/types-ui'
import { useClient } from '../state/client'

const PAGE = 500

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

  const fetchPage = useCallback(
    (p: number, g: number) => {
      if (pending.current.has(p)) return
      pending.current.add(p)
      client.call('assets.search', { query, folder, offset: p * PAGE, limit: PAGE }).then(
        (res) => {
          if (g !== gen.current) return
          pending.current.delete(p)
          pages.current.set(p, res.items)
          setState((s) => ({ total: res.total, loading: false, error: null, ms: p === 0 ? res.ms : s.ms, version: s.version + 1, loadedKey: key }))
        },
        (err: unknown) => {
          if (g !== gen.current) return
          pending.current.delete(p)
          setState((s) => ({ ...s, loading: false, error: err instanceof Error ? err.message : String(err) }))
        },
      )
    },
    [client, query, folder, key],
  )

  useEffect(() => {
    gen.current++
    pages.current = new Map()
    pending.current = new Set()
    setState((s) => ({ ...s, loading: true, error: null }))
    fetchPage(0, gen.current)
  }, [fetchPage])

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
