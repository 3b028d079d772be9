/** Finds Electron's binary without triggering its download; says why when it can't. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary(): { path: string } | { why: string } {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { why: 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set (run under xvfb-run to include this suite)' };
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { why: `Electron's binary was never downloaded (no ${pathFile}); it downloads on first launch, which needs the internet` };
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { why: `Electron's binary is missing at ${binary}` };
  return { path: binary };
}
