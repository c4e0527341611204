import { EventEmitter } from 'node:events'
import type { Session, WebContents } from 'electron'
import { describe, expect, it } from 'vitest'
import { applySessionPolicy, devServerUrlFor, guardContents } from './session-policy'

// Electron's session and WebContents are emitters with a few setters; these stand-ins record
// what SLATE installs and let the test fire the events Electron would.
class FakeSession extends EventEmitter {
  request?: (wc: unknown, permission: string, done: (ok: boolean) => void) => void
  check?: (...a: unknown[]) => boolean
  device?: (...a: unknown[]) => boolean
  setPermissionRequestHandler(h: FakeSession['request']) {
    this.request = h
  }
  setPermissionCheckHandler(h: FakeSession['check']) {
    this.check = h
  }
  setDevicePermissionHandler(h: FakeSession['device']) {
    this.device = h
  }
}
class FakeContents extends EventEmitter {
  openHandler?: (d: { url: string }) => { action: string }
  setWindowOpenHandler(h: FakeContents['openHandler']) {
    this.openHandler = h
  }
}
const event = (url?: string) => ({ url, prevented: false, preventDefault() { this.prevented = true } })

describe('Electron session and contents policy', () => {
  it('denies every permission request and check, and every device', () => {
    const s = new FakeSession()
    applySessionPolicy(s as unknown as Session)
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid']) {
      let answer: boolean | null = null
      s.request!(null, p, (ok) => (answer = ok))
      expect(answer).toBe(false)
      expect(s.check!(null, p, 'slate://app', {})).toBe(false)
    }
    expect(s.device!({ deviceType: 'usb', origin: 'slate://app' })).toBe(false)
    for (const name of ['select-hid-device', 'select-serial-port', 'select-usb-device']) {
      const e = event()
      let picked: string | null = null
      s.emit(name, e, { deviceList: [{ deviceId: 'x' }] }, (id: string) => (picked = id))
      expect([e.prevented, picked]).toEqual([true, ''])
    }
    const dl = event()
    s.emit('will-download', dl, {}, {})
    expect(dl.prevented).toBe(true)
  })

  it('blocks navigation, redirects and sub-frame navigation away from the app; no webview, no window', () => {
    const c = new FakeContents()
    guardContents(c as unknown as WebContents, undefined)
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = event()
      c.emit(name, away, 'https://evil.example/')
      expect(away.prevented).toBe(true)
      const home = event()
      c.emit(name, home, 'slate://app/index.html#/assets')
      expect(home.prevented).toBe(false)
    }
    const frame = event('http://127.0.0.1:5173/')
    c.emit('will-frame-navigate', frame)
    expect(frame.prevented).toBe(true)
    const webview = event()
    c.emit('will-attach-webview', webview, {}, {})
    expect(webview.prevented).toBe(true)
    expect(c.openHandler!({ url: 'https://unity.com' })).toEqual({ action: 'deny' })
  })

  it('trusts ELECTRON_RENDERER_URL only unpackaged, and only on loopback', () => {
    expect(devServerUrlFor(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toBeUndefined()
    expect(devServerUrlFor(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toBe('http://localhost:5173')
    expect(devServerUrlFor(false, { ELECTRON_RENDERER_URL: 'http://evil.example:5173' })).toBeUndefined()
    expect(devServerUrlFor(false, { ELECTRON_RENDERER_URL: 'file:///tmp/x' })).toBeUndefined()
    expect(devServerUrlFor(false, { ELECTRON_RENDERER_URL: 'http://[::1' })).toBeUndefined()
    expect(devServerUrlFor(false, {})).toBeUndefined()
    // With the dev server trusted, its pages may navigate; a packaged app has none.
    const c = new FakeContents()
    guardContents(c as unknown as WebContents, devServerUrlFor(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }))
    const dev = event()
    c.emit('will-navigate', dev, 'http://localhost:5173/')
    expect(dev.prevented).toBe(false)
  })
})
