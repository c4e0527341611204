import { Menu, type MenuItemConstructorOptions } from 'electron'
import type { SlateCore } from '../host/slate-core'

/** Application menu: Open Project (Ctrl/Cmd+O) and the recent-projects list. */
export function buildMenu(core: SlateCore): Menu {
  const recent: MenuItemConstructorOptions[] = core.settings.recent.map((r) => ({
    label: `${r.name} — ${r.root}`,
    click: () => void core.openProject(r.root).catch((err) => console.error('slate: cannot open', r.root, err)),
  }))
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => void core.openProjectWithDialog() },
        { label: 'Open Recent', submenu: recent.length ? recent : [{ label: 'No recent projects', enabled: false }] },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]
  return Menu.buildFromTemplate(template)
}
