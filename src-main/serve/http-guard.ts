import crypto from 'node:crypto'
import os from 'node:os'

/**
 * Header checks of `slate serve`, written so that no input can throw: they run before
 * authentication, on whatever any local process or web page sends.
 */

/** Path and query of a request target (`/api?token=…`), without `new URL()` (which throws on `//[`). */
export function parseTarget(raw: string | undefined): { pathname: string; params: URLSearchParams } {
  const target = typeof raw === 'string' ? raw : '/'
  const q = target.indexOf('?')
  const pathname = q === -1 ? target : target.slice(0, q)
  let params: URLSearchParams
  try {
    params = new URLSearchParams(q === -1 ? '' : target.slice(q + 1))
  } catch {
    params = new URLSearchParams()
  }
  return { pathname, params }
}

/**
 * The `host:port` values a browser may send in Host for this server: the address it listens on,
 * plus `localhost` when that address is loopback. Anything else (a DNS-rebinding name, a typo,
 * a header injection) is refused, and only a value from this set ever reaches a response header.
 */
export function allowedHosts(listenHost: string, port: number): Set<string> {
  const hosts = new Set<string>()
  const add = (h: string) => hosts.add(`${h.includes(':') ? `[${h}]` : h}:${port}`.toLowerCase())
  add(listenHost)
  const loopback = listenHost === '127.0.0.1' || listenHost === '::1' || listenHost === 'localhost'
  if (loopback) {
    add('localhost')
    add(listenHost === '::1' ? '::1' : '127.0.0.1')
  }
  if (listenHost === '0.0.0.0' || listenHost === '::') {
    // Bound to every interface: the machine's own addresses are the names it can be reached by.
    add('localhost')
    add(os.hostname())
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) add(a.address)
  }
  return hosts
}

/** The Host header if it names this server, else null. */
export function checkHost(header: string | undefined, allowed: Set<string>): string | null {
  if (typeof header !== 'string') return null
  const h = header.trim().toLowerCase()
  return allowed.has(h) ? h : null
}

/**
 * WebSocket Origin: REQUIRED (browsers always send it; a missing one is a non-browser client that
 * has no business here without it) and exactly `http://<host>` of this server. `null` (sandboxed
 * frames, file: pages) and every other site are refused.
 */
export function originAllowed(origin: string | string[] | undefined, host: string | null): boolean {
  if (!host || typeof origin !== 'string') return false
  return origin.trim().toLowerCase() === `http://${host}`
}

/** Constant-time comparison of a presented token with the server's. */
export function tokenMatches(candidate: string | null | undefined, token: Buffer): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false
  const buf = Buffer.from(candidate)
  return buf.length === token.length && crypto.timingSafeEqual(buf, token)
}
