import type { Session, WebContents } from 'electron'
import { shouldBlockNavigation } from './window-options'

/**
 * The parts of Electron's security checklist that are handlers on the session and on every
 * WebContents, as functions of the objects they configure so tests can drive them without an
 * Electron binary.
 */

/** The renderer dev server is trusted only in an unpackaged (development) run: a packaged app ignores ELECTRON_RENDERER_URL. */
export function devServerUrlFor(isPackaged: boolean, env: NodeJS.ProcessEnv): string | undefined {
  if (isPackaged) return undefined
  const url = env.ELECTRON_RENDERER_URL
  if (!url) return undefined
  try {
    const u = new URL(url)
    return (u.protocol === 'http:' || u.protocol === 'https:') && (u.hostname === 'localhost' || u.hostname === '127.0.0.1') ? url : undefined
  } catch {
    return undefined
  }
}

type Listener = (...args: never[]) => void
/** Electron's emitters declare one overload per event; these handlers are registered by name. */
interface Listenable {
  on(event: string, listener: Listener): unknown
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'>

/** SLATE needs no permission and no device: every request and every check is denied, device pickers pick nothing. */
export function applySessionPolicy(ses: SessionLike): void {
  ses.setPermissionRequestHandler((_wc, _permission, done) => done(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  // A page asking to pick a HID/serial/USB device gets none (and no chooser is shown).
  const pickNothing = (event: { preventDefault(): void }, ...rest: unknown[]) => {
    event.preventDefault()
    const callback = rest.find((x): x is (id: string) => void => typeof x === 'function')
    callback?.('')
  }
  const events = ses as unknown as Listenable
  events.on('select-hid-device', pickNothing as Listener)
  events.on('select-serial-port', pickNothing as Listener)
  events.on('select-usb-device', pickNothing as Listener)
  events.on('will-download', ((event: { preventDefault(): void }) => event.preventDefault()) as Listener)
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

/**
 * Every WebContents (the window and anything it may create): no navigation away from the app —
 * by link, by redirect or in a sub-frame — no <webview>, no new windows.
 */
export function guardContents(contents: ContentsLike, devServerUrl: string | undefined, openWindow: Parameters<WebContents['setWindowOpenHandler']>[0] = () => ({ action: 'deny' })): void {
  const block = (event: { preventDefault(): void; url?: string }, url?: string) => {
    const target = typeof url === 'string' ? url : (event.url ?? '')
    if (shouldBlockNavigation(target, devServerUrl)) event.preventDefault()
  }
  const events = contents as unknown as Listenable
  events.on('will-navigate', block as Listener)
  events.on('will-redirect', block as Listener)
  // Sub-frames too (will-navigate only covers the main frame); the event carries the URL on itself.
  events.on('will-frame-navigate', ((event: { preventDefault(): void; url: string }) => block(event, event.url)) as Listener)
  events.on('will-attach-webview', ((event: { preventDefault(): void }) => event.preventDefault()) as Listener)
  contents.setWindowOpenHandler(openWindow)
}
