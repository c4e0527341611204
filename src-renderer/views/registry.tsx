import { createElement, lazy, type ComponentType } from 'react'
import type { ViewId } from '../state/navigation'

export interface ViewSpec {
  id: ViewId
  label: string
  /** A one-character glyph; the sidebar is icon + label. */
  icon: string
  /** Ctrl/Cmd + this key switches to the view. */
  key: string
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
  { id: 'dashboard', label: 'Dashboard', icon: '◧', key: '1', ...view(() => import('./DashboardView')) },
  { id: 'code', label: 'Code', icon: '❮❯', key: '2', ...view(loadCode) },
  { id: 'assets', label: 'Assets', icon: '▦', key: '3', ...view(() => import('./AssetsView')) },
  { id: 'console', label: 'Console', icon: '≡', key: '4', ...view(() => import('./ConsoleView')) },
  { id: 'builds', label: 'Builds', icon: '⚒', key: '5', ...view(() => import('./BuildsView')) },
  { id: 'profiler', label: 'Profiler', icon: '∿', key: '6', ...view(() => import('./ProfilerView')) },
  { id: 'settings', label: 'Settings', icon: '⚙', key: ',', ...view(() => import('./SettingsView')) },
]
