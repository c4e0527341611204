import { createElement, lazy, type ComponentType } from 'react'
import type { ViewId } from '../state/navigation'

export interface ViewSpec {
  id: ViewId
  label: string
  /** A one-character glyph; the sidebar is icon + label. */
  icon: string
  // Its shortcut is the key binding `view.<id>` (keys/keybindings.ts).
  component: ComponentType
  /** Fetch the view's chunk; once it is in, `component` renders without suspending. */
  preload(): Promise<unknown>
}

// Views load lazily so that Monaco and the virtualized grids cost nothing at start-up; once the
// app is idle, the Code view (Monaco, the largest chunk) is fetched in the background so the first
// "open file" from quick open, the console or the asset browser does not wait for it.
const loadCode = () => import('./CodeView')
setTimeout(() => void loadCode().catch(() => undefined), 2500)

/**
 * A view loaded on demand that, once its chunk is in, renders directly: React 19 holds the reveal
 * of a suspended lazy view for up to 300 ms after its fallback showed, so the view a deep link
 * opens is fetched before the first render (main.tsx) and never suspends.
 */
function view(load: () => Promise<{ default: ComponentType }>): Pick<ViewSpec, 'component' | 'preload'> {
  let loaded: ComponentType | null = null
  let promise: Promise<{ default: ComponentType }> | null = null
  const preload = () => (promise ??= load().then((m) => ((loaded = m.default), m)))
  const Lazy = lazy(preload)
  return { component: () => createElement(loaded ?? Lazy), preload }
}

export const views: ViewSpec[] = [
  { id: 'dashboard', label: 'Dashboard', icon: '◧', ...view(() => import('./DashboardView')) },
  { id: 'code', label: 'Code', icon: '❮❯', ...view(loadCode) },
  { id: 'assets', label: 'Assets', icon: '▦', ...view(() => import('./AssetsView')) },
  { id: 'console', label: 'Console', icon: '≡', ...view(() => import('./ConsoleView')) },
  { id: 'builds', label: 'Builds', icon: '⚒', ...view(() => import('./BuildsView')) },
  { id: 'profiler', label: 'Profiler', icon: '∿', ...view(() => import('./ProfilerView')) },
  { id: 'runtime', label: 'Runtime', icon: '▶', ...view(() => import('./RuntimeView')) },
  { id: 'analytics', label: 'Analytics', icon: '▤', ...view(() => import('./AnalyticsView')) },
  { id: 'settings', label: 'Settings', icon: '⚙', ...view(() => import('./SettingsView')) },
]
