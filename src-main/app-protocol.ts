/**
 * The app's own scheme, app://densely/: the renderer is served from
 * out/renderer through it rather than file://, so the page has a real origin,
 * a Content-Security-Policy header, and no reach into the rest of the disk.
 */
import type { Protocol } from 'electron';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { RENDERER_CSP } from '../src-shared/protocol/renderer-csp';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, devServerOrigin } from './ipc-guard';

export { RENDERER_CSP };

/** Headers on every answer of the app scheme, files and refusals alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Registers app:// as a standard, secure scheme; Electron allows this only before `ready`. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    // No bypassCSP, no corsEnabled, no service workers: the page gets what an https page would, and no more.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function refusal(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

/** True when `path` is `root` itself or lies beneath it. */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The app scheme's request handler: GET or HEAD of a file under `rendererDir`
 * on host `densely`, with `/` meaning index.html. The decoded path is resolved
 * and must stay inside the folder, before and after symbolic links are
 * followed; anything else is a 404 that names nothing on disk.
 */
export function createAppRequestHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Densely serves its pages read-only.');
    let pathname: string;
    try {
      const url = new URL(request.url);
      if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refusal(404, 'Not found');
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return refusal(400, 'Bad request');
    }
    if (pathname.includes('\0')) return refusal(400, 'Bad request');
    if (pathname === '' || pathname === '/') pathname = '/index.html';
    const file = resolve(root, `.${pathname.startsWith('/') ? '' : '/'}${pathname}`);
    if (!isInside(root, file) || file === root) return refusal(404, 'Not found');
    try {
      const real = await realpath(file);
      if (!isInside(await realpath(root), real) || !(await stat(real)).isFile()) return refusal(404, 'Not found');
      const headers = { ...SECURITY_HEADERS, 'content-type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream' };
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
      return new Response(new Uint8Array(await readFile(real)), { status: 200, headers });
    } catch {
      return refusal(404, 'Not found');
    }
  };
}

/** Serves the renderer on app://densely/ (call once `ready` has fired). */
export function serveApp(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}

/** What the window loads: the dev server while developing (never when packaged), else the app's own page. */
export function rendererUrl(isPackaged: boolean, devUrl: string | undefined): string {
  return devServerOrigin(isPackaged, devUrl) ? new URL(devUrl!).href : `${APP_ORIGIN}/index.html`;
}
