import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { ViewId } from '../state/navigation'

export interface ViewSpec {
  id: ViewId
  label: string
  /** A one-character glyph; the sidebar is icon + label. */
  icon: string
  /** Ctrl/Cmd + this key switches to the view. */
  key: string
  component: LazyExoticComponent<ComponentType>
}

// Views load lazily so that Monaco and the virtualized grids cost nothing at start-up; once the
// app is idle, the Code view (Monaco, the largest chunk) is fetched in the background so the first
// "open file" from quick open, the console or the asset browser does not wait for it.
const loadCode = () => import('./CodeView')
setTimeout(() => void loadCode().catch(() => undefined), 2500)

export const views: ViewSpec[] = [
  { id: 'dashboard', label: 'Dashboard', icon: '◧', key: '1', component: lazy(() => import('./DashboardView')) },
  { id: 'code', label: 'Code', icon: '❮❯', key: '2', component: lazy(loadCode) },
  { id: 'assets', label: 'Assets', icon: '▦', key: '3', component: lazy(() => import('./AssetsView')) },
  { id: 'console', label: 'Console', icon: '≡', key: '4', component: lazy(() => import('./ConsoleView')) },
  { id: 'builds', label: 'Builds', icon: '⚒', key: '5', component: lazy(() => import('./BuildsView')) },
  { id: 'profiler', label: 'Profiler', icon: '∿', key: '6', component: lazy(() => import('./ProfilerView')) },
  { id: 'settings', label: 'Settings', icon: '⚙', key: ',', component: lazy(() => import('./SettingsView')) },
]
