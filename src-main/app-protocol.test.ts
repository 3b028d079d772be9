import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppRequestHandler, registerAppScheme, RENDERER_CSP, rendererUrl, serveApp } from './app-protocol';

const INDEX = '<!doctype html><title>Densely</title>';

/** A renderer folder beside a secret file, as out/renderer sits beside the rest of a disk. */
let rendererDir: string;
let handler: (request: Request) => Promise<Response>;
beforeAll(() => {
  const root = mkdtempSync(join(tmpdir(), 'densely-protocol-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), INDEX);
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'root:x:0:0');
  writeFileSync(join(root, 'renderer-evil.txt'), 'sibling');
  symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
  handler = createAppRequestHandler(rendererDir);
});

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('the app:// protocol', () => {
  it('serves index.html at the root with the CSP as a response header', async () => {
    for (const url of ['app://densely/', 'app://densely/index.html', 'app://densely']) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves the built assets with their content types, and HEAD without a body', async () => {
    const js = await get('app://densely/assets/index-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const head = await get('app://densely/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('keeps the policy the checklist asks for: scripts and connections to the app only, no framing, no plugins, no base', () => {
    const directives = Object.fromEntries(RENDERER_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives['script-src']).toBe("'self'");
    expect(directives['connect-src']).toBe("'self'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['base-uri']).toBe("'none'");
    expect(RENDERER_CSP).not.toMatch(/ws:|wss:|unsafe-eval|\*/);
  });

  it('refuses every way out of the renderer folder', async () => {
    const escapes = [
      'app://densely/../../etc/passwd',
      'app://densely/%2e%2e/%2e%2e/etc/passwd',
      'app://densely/..%2f..%2fsecret.txt',
      'app://densely/assets/..%2f..%2fsecret.txt',
      'app://densely/..%5csecret.txt',
      'app://densely/%2e%2e%2fsecret.txt',
      'app://densely/..%2frenderer-evil.txt',
      'app://densely/assets/link.txt',
      'app://densely/index.html%00.js',
      'app://densely/assets',
      'app://densely/missing.js',
    ];
    for (const url of escapes) {
      const res = await get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      const body = await res.text();
      expect(body, url).not.toContain('root:x');
      expect(body, url).not.toContain('sibling');
      expect(body, url).not.toContain(rendererDir);
      // Refusals carry the policy too.
      expect(res.headers.get('content-security-policy'), url).toBe(RENDERER_CSP);
    }
  });

  it('answers only its own host, and only reads', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://densely.evil/index.html')).status).toBe(404);
    expect((await get('app://densely/index.html', 'POST')).status).toBe(405);
  });

  it('is registered as a standard, secure scheme with fetch, and nothing that loosens the page', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    serveApp(protocol, rendererDir);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('loads the dev server only when not packaged, and only from this machine', () => {
    expect(rendererUrl(true, 'http://localhost:5173/')).toBe('app://densely/index.html');
    expect(rendererUrl(true, undefined)).toBe('app://densely/index.html');
    expect(rendererUrl(false, undefined)).toBe('app://densely/index.html');
    expect(rendererUrl(false, 'http://localhost:5173/')).toBe('http://localhost:5173/');
    expect(rendererUrl(false, 'https://evil.example/')).toBe('app://densely/index.html');
  });

  it('agrees with the meta policy in index.html, which the web host serves too: same directives, same sources', () => {
    const html = readFileSync(join(import.meta.dirname, '..', 'src-renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const parse = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources.join(' ')]));
    const header = parse(RENDERER_CSP);
    for (const [name, sources] of parse(meta!)) expect(sources, name).toBe(header.get(name));
    expect(meta).not.toMatch(/ws:|wss:/);
  });
});
