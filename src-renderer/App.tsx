import { Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import { QuickOpen } from './components/QuickOpen'
import { SymbolSearch } from './code/SymbolSearch'
import { Shortcuts } from './components/Shortcuts'
import { Sidebar } from './components/Sidebar'
import { StatusBar } from './components/StatusBar'
import { NavigationContext, parseHash, toHash, type NavTarget } from './state/navigation'
import { views } from './views/registry'
import { hasKeyBinding, onKeyBinding } from './keys/keybindings'

/**
 * Web mode: the WebSocket to the core closed (the server stopped, the network dropped). Say so
 * over everything, since what the views show may be stale; the client reconnects by itself.
 */
function CoreUnreachable({ connection }: { connection: string }) {
  return (
    <div className="core-unreachable" role="alert" data-testid="core-unreachable">
      <strong>SLATE's core is not reachable.</strong> {connection === 'connecting' ? 'Reconnecting…' : 'Trying again shortly…'} What the views show may be out of date until it answers; health is
      shown as unknown meanwhile.
    </div>
  )
}

export function App({ connection }: { connection: string }) {
  const [current, setCurrent] = useState<NavTarget>(() => parseHash(window.location.hash))
  const navigate = useCallback((target: NavTarget) => {
    setCurrent(target)
    const hash = toHash(target)
    if (window.location.hash !== hash) window.history.pushState(null, '', hash)
  }, [])

  useEffect(() => {
    const onPop = () => setCurrent(parseHash(window.location.hash))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])

  // Ctrl/Cmd+1…6 (Alt+1…6 in a browser) switch views, Ctrl/Cmd+, opens Settings, Ctrl+Shift+F
  // finds in files from any view: keys/keybindings.ts.
  useEffect(() => {
    const offs = views.filter((v) => hasKeyBinding(`view.${v.id}`)).map((v) => onKeyBinding(`view.${v.id}`, () => navigate({ view: v.id })))
    offs.push(onKeyBinding('findInFiles', () => navigate({ view: 'code', find: true })))
    return () => offs.forEach((off) => off())
  }, [navigate])

  // Only a connection that was open and went away is "lost" (not the first connect of a page load).
  const [wasOpen, setWasOpen] = useState(connection === 'open')
  useEffect(() => {
    if (connection === 'open') setWasOpen(true)
  }, [connection])
  const lost = wasOpen && connection !== 'open'

  const nav = useMemo(() => ({ current, navigate }), [current, navigate])
  const active = views.find((v) => v.id === current.view) ?? views[0]
  const View = active.component
  return (
    <NavigationContext.Provider value={nav}>
      <div className="shell">
        {lost && <CoreUnreachable connection={connection} />}
        <Sidebar />
        <main className="content" aria-label={active.label}>
          <Suspense fallback={<div className="loading">Loading {active.label}…</div>}>
            <View />
          </Suspense>
        </main>
        <StatusBar connection={connection} />
      </div>
      <QuickOpen />
      <SymbolSearch />
      <Shortcuts />
    </NavigationContext.Provider>
  )
}
