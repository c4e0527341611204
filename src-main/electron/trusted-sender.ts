/** The custom protocol the desktop UI is served from (never file://). */
export const APP_SCHEME = 'slate'
export const APP_ORIGIN = `${APP_SCHEME}://app`

/**
 * IPC senders are trusted only when the frame that sent the message shows our own UI. A frame
 * that navigated elsewhere (which we also forbid) or an embedded third-party frame is refused.
 */
export function isTrustedSenderUrl(url: string | undefined | null): boolean {
  if (!url) return false
  try {
    const parsed = new URL(url)
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app'
  } catch {
    return false
  }
}

/** The renderer dev server (electron-vite dev) is trusted only in development and only on loopback. */
export function isTrustedDevUrl(url: string | undefined | null, devServerUrl: string | undefined): boolean {
  if (!url || !devServerUrl) return false
  try {
    const a = new URL(url)
    const b = new URL(devServerUrl)
    return a.origin === b.origin && (b.hostname === 'localhost' || b.hostname === '127.0.0.1')
  } catch {
    return false
  }
}
