import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../web-host';
import { isAllowedHost, isOwnOrigin, newToken, refusal, tokenMatches } from './web-guard';

const req = (headers: Record<string, string>, url = '/') => ({ headers, url }) as unknown as IncomingMessage;

describe('the token', () => {
  it('is 256 random bits, URL-safe, new on every start', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });

  it('matches only itself: not a prefix, not a longer string, not a missing one', () => {
    const t = newToken();
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(t.slice(0, -1), t)).toBe(false);
    expect(tokenMatches(t + 'x', t)).toBe(false);
    expect(tokenMatches('', t)).toBe(false);
    expect(tokenMatches(undefined, t)).toBe(false);
  });
});

describe('Host pinning', () => {
  it('takes 127.0.0.1:PORT and localhost:PORT only; [::1] is refused, since the host listens on 127.0.0.1 alone', () => {
    expect(isAllowedHost(req({ host: '127.0.0.1:4817' }), 4817)).toBe(true);
    expect(isAllowedHost(req({ host: 'localhost:4817' }), 4817)).toBe(true);
    for (const host of ['[::1]:4817', '127.0.0.1', '127.0.0.1:4818', 'evil.example:4817', 'LOCALHOST:4817', '127.0.0.1:4817.evil.example', '0.0.0.0:4817'])
      expect(isAllowedHost(req({ host }), 4817), host).toBe(false);
    expect(isAllowedHost(req({}), 4817)).toBe(false);
  });

  it('takes only the page\'s own Origin: same host and port, over http', () => {
    expect(isOwnOrigin(req({ host: '127.0.0.1:4817', origin: 'http://127.0.0.1:4817' }), 4817)).toBe(true);
    expect(isOwnOrigin(req({ host: 'localhost:4817', origin: 'http://localhost:4817' }), 4817)).toBe(true);
    expect(isOwnOrigin(req({ host: 'localhost:4817', origin: 'http://127.0.0.1:4817' }), 4817)).toBe(false);
    expect(isOwnOrigin(req({ host: '127.0.0.1:4817', origin: 'https://127.0.0.1:4817' }), 4817)).toBe(false);
    expect(isOwnOrigin(req({ host: '127.0.0.1:4817', origin: 'null' }), 4817)).toBe(false);
    expect(isOwnOrigin(req({ host: 'evil.example:4817', origin: 'http://evil.example:4817' }), 4817)).toBe(false);
  });

  it('says which check a refused request failed', () => {
    const t = newToken();
    const own = { host: '127.0.0.1:1', origin: 'http://127.0.0.1:1' };
    expect(refusal(req(own, `/ws?token=${t}`), 1, t)).toBeNull();
    expect(refusal(req({ ...own, 'x-densely-token': t }, '/upload'), 1, t)).toBeNull();
    expect(refusal(req({ host: 'evil.example:1', origin: 'http://evil.example:1' }, `/ws?token=${t}`), 1, t)).toBe('unexpected Host');
    expect(refusal(req({ ...own, origin: 'http://evil.example' }, `/ws?token=${t}`), 1, t)).toBe('foreign Origin');
    expect(refusal(req(own, '/ws'), 1, t)).toBe('missing or wrong token');
  });
});

describe('security headers', () => {
  let host: WebHost;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'densely-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Densely</title>');
    writeFileSync(join(dir, 'app.js'), 'export {};');
    host = await startWebHost(0, { rendererDir: dir, uploads: { root: mkdtempSync(join(tmpdir(), 'densely-test-uploads-')) } });
  });
  afterAll(() => host.close());

  function send(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
    return new Promise((ok, fail) => {
      const r = request({ host: '127.0.0.1', port: host.port, method, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
        res.resume();
        res.on('end', () => ok({ status: res.statusCode!, headers: res.headers }));
      });
      r.on('error', fail);
      r.end(method === 'POST' ? 'a\n1\n' : undefined);
    });
  }

  it('come with every answer: the page, an asset, a 404, a 405, a refused upload, a refused Host', async () => {
    const answers = await Promise.all([
      send('GET', '/'),
      send('GET', '/app.js'),
      send('GET', '/missing'),
      send('DELETE', '/'),
      send('POST', '/upload', { origin: host.origin }),
      send('GET', '/', { host: `evil.example:${host.port}` }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 405, 403, 403]);
    for (const { headers } of answers) {
      expect(headers).toMatchObject({
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
      const csp = String(headers['content-security-policy']);
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
    }
  });
});
