import { app, BrowserWindow, dialog, Menu, safeStorage, session, shell } from 'electron'
import path from 'node:path'
import { SlateCore } from '../host/slate-core'
import { setSecretCodec } from '../core/credentials-store'
import { startCoreServices } from '../host/start-services'
import { startLink } from '../api/handlers/link'
import { registerAppScheme, serveRendererOverAppScheme } from './app-protocol'
import { bindIpc } from './ipc-main'
import { openExternalChecked } from './open-external'
import { APP_ORIGIN } from './trusted-sender'
import { mainWindowOptions, windowOpenDecision } from './window-options'
import { applySessionPolicy, devServerUrlFor, guardContents } from './session-policy'
import { buildMenu } from './menu'

// The Electron glue: window, menu, protocol and IPC binding. The core below knows nothing of Electron.
// A packaged app never trusts a dev server named in its environment.
const devServerUrl = devServerUrlFor(app.isPackaged, process.env)
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
  guardContents(win.webContents, devServerUrl, (details) => windowOpenDecision(details, (url) => void openExternalChecked(url, shell.openExternal)))
  win.once('ready-to-show', () => win.show())
  await win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
}

app.enableSandbox()
app.whenReady().then(async () => {
  applySessionPolicy(session.defaultSession)
  serveRendererOverAppScheme(path.join(__dirname, '../renderer'))
  // The team identity is kept encrypted by the OS keychain (Keychain, DPAPI, libsecret/kwallet).
  if (safeStorage.isEncryptionAvailable()) {
    setSecretCodec({ name: 'OS keychain', encrypt: (t) => safeStorage.encryptString(t), decrypt: (b) => safeStorage.decryptString(b) })
  }
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
  // the live link: Library/SlateLink.json for the Editor's bridge, a listener for players
  await startLink(core)
  await createWindow()
})

app.on('web-contents-created', (_event, contents) => guardContents(contents, devServerUrl))

app.on('window-all-closed', () => app.quit())
let quitting = false
app.on('before-quit', (event) => {
  if (quitting) return
  quitting = true
  event.preventDefault()
  void core.dispose().finally(() => app.exit(0)) // stop the embedded database cleanly first
})
