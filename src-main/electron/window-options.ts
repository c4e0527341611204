import type { BrowserWindowConstructorOptions, HandlerDetails, WindowOpenHandlerResponse } from 'electron'
import { contentSecurityPolicy } from '../core/csp'
import { isSafeExternalUrl } from './open-external'
import { isTrustedDevUrl, isTrustedSenderUrl } from './trusted-sender'

/**
 * Everything security-relevant about the main window, as plain data and pure functions, so that
 * unit tests cover exactly what main.ts hands to Electron. (Electron's security checklist:
 * context isolation, sandbox, no Node integration, CSP, no navigation, no new windows.)
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#020617', // slate-950: no white flash before the UI paints
    title: 'SLATE',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  }
}

/** CSP header for every response of the app protocol. */
export function appContentSecurityPolicy(): string {
  return contentSecurityPolicy()
}

/** will-navigate: the UI is a single page; any navigation away from it is stopped. */
export function shouldBlockNavigation(targetUrl: string, devServerUrl?: string): boolean {
  return !(isTrustedSenderUrl(targetUrl) || isTrustedDevUrl(targetUrl, devServerUrl))
}

/**
 * setWindowOpenHandler: never a new Electron window. Safe https links go to the system browser
 * through the checked helper (the `openExternal` callback); everything else is dropped.
 */
export function windowOpenDecision(
  details: Pick<HandlerDetails, 'url'>,
  openExternal: (url: string) => void,
): WindowOpenHandlerResponse {
  if (isSafeExternalUrl(details.url)) openExternal(details.url)
  return { action: 'deny' }
}
