/**
 * The web host's door, in the manner of Jupyter's: a random token per start,
 * a pinned Host (against DNS rebinding) and the page's own Origin. Every
 * check here runs before a request body or a WebSocket message is read.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TOKEN_HEADER, TOKEN_PARAM } from '../../src-shared/protocol/messages';
import { RENDERER_CSP } from '../../src-shared/protocol/renderer-csp';


/** 32 random bytes, URL-safe: what `npm run web` prints in its address. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A token given from outside (`--token`, DENSELY_TOKEN) must be as hard to guess as one we make. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

/**
 * Compares in constant time: both sides are hashed first, so neither a
 * differing length nor an early mismatch shows in the timing.
 */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: `?token=` in its URL, or the upload header. */
export function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  try {
    return new URL(req.url ?? '/', 'http://localhost').searchParams.get(TOKEN_PARAM) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Host a browser sends when it really talks to us: we listen on
 * 127.0.0.1 only, so `[::1]:PORT` (or any name, such as a rebinding
 * `evil.example:PORT`) is refused.
 */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function isAllowedHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && allowedHosts(port).includes(host);
}

/** The page's own origin: the same scheme-less Host it was served from, over http. */
export function isOwnOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return isAllowedHost(req, port) && origin === `http://${req.headers.host}`;
}

/** Why a request that must carry the token (a socket, an upload) is refused, or null when it may go on. */
export function refusal(req: IncomingMessage, port: number, token: string): string | null {
  if (!isAllowedHost(req, port)) return 'unexpected Host';
  if (!isOwnOrigin(req, port)) return 'foreign Origin';
  if (!tokenMatches(tokenOf(req), token)) return 'missing or wrong token';
  return null;
}

/** The renderer's policy, the same for every host (src-shared/protocol/renderer-csp.ts). */
export const CONTENT_SECURITY_POLICY = RENDERER_CSP;

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** A refusal on a raw socket (an upgrade), before the WebSocket handshake: no message is ever read. */
export function refuseUpgrade(socket: { write(s: string): unknown; destroy(): void }, status: 403 | 404): void {
  const text = status === 403 ? 'Forbidden' : 'Not Found';
  const headers = Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.write(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n${headers}\r\n`);
  socket.destroy();
}
