/**
 * The renderer's Content-Security-Policy, one list for every host: the
 * Electron app's app:// responses, the web host's responses and the meta tag
 * in index.html (a test keeps that equal, minus frame-ancestors, which a meta
 * tag cannot carry). connect-src 'self' covers the web host's own ws:// on
 * the same host and port (CSP level 3) and IPC needs no socket at all; Svelte
 * sets styles through the CSSOM and bundles component CSS into a file, so
 * neither scripts nor styles need 'unsafe-inline' (e2e/web/access.spec.ts
 * trains and evaluates under it with no violation).
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
