import { Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import { QuickOpen } from './components/QuickOpen'
import { SymbolSearch } from './code/SymbolSearch'
import { Shortcuts } from './components/Shortcuts'
import { Sidebar } from './components/Sidebar'
import { StatusBar } from './components/StatusBar'
import { NavigationContext, parseHash, toHash, type NavTarget } from './state/navigation'
import { views } from './views/registry'

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

  // Ctrl/Cmd+1…6 switch views, Ctrl/Cmd+, opens Settings (as in VS Code and Rider).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return
      // Ctrl/Cmd+Shift+F: find in files, from any view.
      if (e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault()
        navigate({ view: 'code', find: true })
        return
      }
      if (e.shiftKey) return
      const view = views.find((v) => v.key === e.key)
      if (view) {
        e.preventDefault()
        navigate({ view: view.id })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [navigate])

  const nav = useMemo(() => ({ current, navigate }), [current, navigate])
  const active = views.find((v) => v.id === current.view) ?? views[0]
  const View = active.component
  return (
    <NavigationContext.Provider value={nav}>
      <div className="shell">
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
