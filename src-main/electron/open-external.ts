/**
 * The one checked way to open something outside the app: only https URLs, never mailto: (it
 * hands attacker-chosen text to another program), file:, javascript:, custom schemes or URLs
 * with credentials. The caller passes Electron's
 * `shell.openExternal` so that this decision stays testable without Electron.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username || parsed.password) return false
  return parsed.protocol === 'https:'
}

export async function openExternalChecked(url: string, open: (url: string) => Promise<void>): Promise<boolean> {
  if (!isSafeExternalUrl(url)) {
    console.warn(`slate: refused to open external URL ${JSON.stringify(url.slice(0, 200))}`)
    return false
  }
  await open(url)
  return true
}
