import { createContext, useContext } from 'react'

export type ViewId = 'dashboard' | 'code' | 'assets' | 'console' | 'builds' | 'profiler' | 'runtime' | 'analytics' | 'settings'

/** Where to go: a view, optionally with a file position (go to file:line:column from anywhere) or an asset. */
export interface NavTarget {
  view: ViewId
  path?: string
  line?: number
  column?: number
  /** Asset GUID or path for the asset browser. */
  asset?: string
  /** Asset browser search (Unity syntax: `t:Material`, `ref:<guid>`…). */
  query?: string
  /** Code view: open the find-in-files panel. */
  find?: boolean
  /** Console: open this source (`editor-log`). */
  source?: 'editor-log'
  /** Console: open this build's log (job id). */
  build?: string
  /** Runtime: select this session. */
  session?: string
}

export interface Navigation {
  current: NavTarget
  navigate(target: NavTarget): void
}

export const NavigationContext = createContext<Navigation>({ current: { view: 'dashboard' }, navigate: () => undefined })
export const useNavigation = () => useContext(NavigationContext)

/** `#/code?path=Assets/X.cs&line=12` <-> NavTarget, so views are deep-linkable and reload-safe. */
export function parseHash(hash: string): NavTarget {
  const [viewPart, query = ''] = hash.replace(/^#\/?/, '').split('?')
  const params = new URLSearchParams(query)
  const views: ViewId[] = ['dashboard', 'code', 'assets', 'console', 'builds', 'profiler', 'runtime', 'analytics', 'settings']
  const view = (views as string[]).includes(viewPart) ? (viewPart as ViewId) : 'dashboard'
  const num = (k: string) => (params.has(k) ? Number(params.get(k)) : undefined)
  return {
    view,
    path: params.get('path') ?? undefined,
    line: num('line'),
    column: num('column'),
    asset: params.get('asset') ?? undefined,
    query: params.get('q') ?? undefined,
    find: params.get('find') === '1' ? true : undefined,
    source: params.get('source') === 'editor-log' ? 'editor-log' : undefined,
    build: params.get('build') ?? undefined,
    session: params.get('session') ?? undefined,
  }
}

export function toHash(t: NavTarget): string {
  const params = new URLSearchParams()
  if (t.path) params.set('path', t.path)
  if (t.line !== undefined) params.set('line', String(t.line))
  if (t.column !== undefined) params.set('column', String(t.column))
  if (t.asset) params.set('asset', t.asset)
  if (t.query) params.set('q', t.query)
  if (t.find) params.set('find', '1')
  if (t.source) params.set('source', t.source)
  if (t.build) params.set('build', t.build)
  if (t.session) params.set('session', t.session)
  const q = params.toString()
  return `#/${t.view}${q ? `?${q}` : ''}`
}
