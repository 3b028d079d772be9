/**
 * A real web host for tests, serving a one-line page instead of the built
 * renderer, on a free port, with its uploads in a folder of its own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../web-host';

export function startStubWebHost(): Promise<WebHost> {
  const dir = mkdtempSync(join(tmpdir(), 'densely-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Densely</title>');
  return startWebHost(0, { rendererDir: dir, uploads: { root: mkdtempSync(join(tmpdir(), 'densely-test-uploads-')) } });
}
