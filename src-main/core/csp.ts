/**
 * The Content-Security-Policy of the UI, one definition for Electron and `slate serve`.
 * No remote code ever: scripts and workers only from our own origin (Monaco is bundled, never a
 * CDN). Inline styles are allowed because Monaco and React inject them; inline scripts are not.
 * `connectSrc` adds the WebSocket endpoint in web mode.
 */
export function contentSecurityPolicy(connectSrc: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ${connectSrc.join(' ')}`.trim(),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
}
