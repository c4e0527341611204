import { net, protocol } from 'electron'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { isInside } from '../core/project-paths'
import { APP_SCHEME } from './trusted-sender'
import { appContentSecurityPolicy } from './window-options'

/** Must run before app 'ready': slate:// behaves like https (secure, standard, fetch-able). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ])
}

/** Serve the built renderer from slate://app/…, confined to its folder, with the CSP on every response. */
export function serveRendererOverAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
    const abs = path.resolve(rendererDir, `.${rel}`)
    if (url.host !== 'app' || !isInside(rendererDir, abs)) return new Response('forbidden', { status: 403 })
    const response = await net.fetch(pathToFileURL(abs).toString())
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', appContentSecurityPolicy())
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(response.body, { status: response.status, headers })
  })
}
