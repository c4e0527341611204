import { describe, expect, it } from 'vitest'
import { appContentSecurityPolicy, mainWindowOptions, shouldBlockNavigation, windowOpenDecision } from './window-options'
import { isTrustedSenderUrl } from './trusted-sender'
import { isSafeExternalUrl, openExternalChecked } from './open-external'

describe('main window security', () => {
  const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!

  it('isolates and sandboxes the renderer with no Node', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })

  it('has a strict CSP: no remote or inline scripts, no objects, no framing', () => {
    const csp = appContentSecurityPolicy()
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]))
    expect(directives['default-src']).toEqual(["'none'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(csp).not.toMatch(/unsafe-eval/)
    expect(directives['script-src']).not.toContain("'unsafe-inline'")
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['frame-ancestors']).toEqual(["'none'"])
    expect(csp).not.toMatch(/https?:/)
  })

  it('blocks navigation away from the app, allows only its own origin (and the loopback dev server)', () => {
    expect(shouldBlockNavigation('slate://app/index.html')).toBe(false)
    expect(shouldBlockNavigation('https://evil.example/')).toBe(true)
    expect(shouldBlockNavigation('file:///etc/passwd')).toBe(true)
    expect(shouldBlockNavigation('slate://other/index.html')).toBe(true)
    expect(shouldBlockNavigation('http://localhost:5173/', 'http://localhost:5173')).toBe(false)
    expect(shouldBlockNavigation('http://localhost:5173/', undefined)).toBe(true)
    expect(shouldBlockNavigation('http://evil.example:5173/', 'http://evil.example:5173')).toBe(true)
  })

  it('never opens a new window; safe links go to the system browser only', () => {
    const opened: string[] = []
    expect(windowOpenDecision({ url: 'https://docs.unity3d.com/' }, (u) => opened.push(u))).toEqual({ action: 'deny' })
    expect(windowOpenDecision({ url: 'file:///etc/passwd' }, (u) => opened.push(u))).toEqual({ action: 'deny' })
    expect(windowOpenDecision({ url: 'javascript:alert(1)' }, (u) => opened.push(u))).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://docs.unity3d.com/'])
  })

  it('checks openExternal URLs', async () => {
    expect(isSafeExternalUrl('https://unity.com')).toBe(true)
    expect(isSafeExternalUrl('http://unity.com')).toBe(false)
    expect(isSafeExternalUrl('https://user:pw@unity.com')).toBe(false)
    expect(isSafeExternalUrl('smb://share/x')).toBe(false)
    expect(isSafeExternalUrl('mailto:someone@example.com?body=x')).toBe(false)
    expect(isSafeExternalUrl('not a url')).toBe(false)
    const calls: string[] = []
    expect(await openExternalChecked('file:///bin/sh', async (u) => void calls.push(u))).toBe(false)
    expect(await openExternalChecked('https://unity.com/', async (u) => void calls.push(u))).toBe(true)
    expect(calls).toEqual(['https://unity.com/'])
  })

  it('trusts IPC only from the app origin', () => {
    expect(isTrustedSenderUrl('slate://app/index.html')).toBe(true)
    expect(isTrustedSenderUrl('https://app/index.html')).toBe(false)
    expect(isTrustedSenderUrl('slate://evil/')).toBe(false)
    expect(isTrustedSenderUrl(undefined)).toBe(false)
    expect(isTrustedSenderUrl('')).toBe(false)
  })
})
