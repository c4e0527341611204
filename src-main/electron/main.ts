import { app, BrowserWindow, dialog, Menu, session, shell } from 'electron'
import path from 'node:path'
import { SlateCore } from '../host/slate-core'
import { startCoreServices } from '../host/start-services'
import { registerAppScheme, serveRendererOverAppScheme } from './app-protocol'
import { bindIpc } from './ipc-main'
import { openExternalChecked } from './open-external'
import { APP_ORIGIN } from './trusted-sender'
import { allowPermission, mainWindowOptions, shouldBlockNavigation, windowOpenDecision } from './window-options'
import { buildMenu } from './menu'

// The Electron glue: window, menu, protocol and IPC binding. The core below knows nothing of Electron.
const devServerUrl = process.env.ELECTRON_RENDERER_URL
registerAppScheme()

const core = new SlateCore({ runtime: 'electron', dataDir: process.env.SLATE_DATA_DIR ?? path.join(app.getPath('userData'), 'data') })
core.setHostCapabilities({
  pickFolder: async () => {
    const result = await dialog.showOpenDialog({ title: 'Open Unity Project', properties: ['openDirectory'] })
    return result.canceled ? null : (result.filePaths[0] ?? null)
  },
})

async function createWindow(): Promise<void> {
  const win = new BrowserWindow(mainWindowOptions(path.join(__dirname, '../preload/index.cjs')))
  win.webContents.on('will-navigate', (event, url) => {
    if (shouldBlockNavigation(url, devServerUrl)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler((details) => windowOpenDecision(details, (url) => void openExternalChecked(url, shell.openExternal)))
  win.once('ready-to-show', () => win.show())
  await win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
}

app.enableSandbox()
app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, done) => done(allowPermission(permission)))
  serveRendererOverAppScheme(path.join(__dirname, '../renderer'))
  await core.init()
  bindIpc(core, devServerUrl)
  Menu.setApplicationMenu(buildMenu(core))
  // Open Recent lists what was opened last: rebuild it whenever the project changes.
  core.events.on('project.changed', () => Menu.setApplicationMenu(buildMenu(core)))
  // `--open=<folder>` (npm start -- <project>) wins over the most recent project.
  const requested = process.argv.find((a) => a.startsWith('--open='))?.slice('--open='.length)
  const initial = requested ?? core.settings.recent[0]?.root
  if (initial) await core.openProject(initial).catch(() => undefined) // a moved project just stays closed
  await startCoreServices(core)
  await createWindow()
})

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (shouldBlockNavigation(url, devServerUrl)) event.preventDefault()
  })
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

app.on('window-all-closed', () => app.quit())
let quitting = false
app.on('before-quit', (event) => {
  if (quitting) return
  quitting = true
  event.preventDefault()
  void core.dispose().finally(() => app.exit(0)) // stop the embedded database cleanly first
})
