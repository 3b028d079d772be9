/**
 * `npm run dist` (scripts/dist.mjs): it builds only from an Electron binary it has, and otherwise stops in one line
 * saying why and what to do, before building anything. The installers it builds are the ones package.json's
 * "build" names, with the project file type associated and the fuses flipped after packing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { installedElectron, refusal } from '../scripts/dist.mjs';

const root = join(import.meta.dirname, '..');
const folder = (tag: string) => mkdtempSync(join(tmpdir(), `densely-dist-${tag}-`));

describe('npm run dist', () => {
  it('without an Electron binary (and no download allowed) says why and what to do in one line, exit 1, and builds nothing', () => {
    const empty = folder('electron');
    const r = spawnSync(process.execPath, ['scripts/dist.mjs', '--no-download'], {
      cwd: root,
      encoding: 'utf8',
      // Electron's own override of where its binary lives: an empty folder, so the answer is the same on every machine.
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const version = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    expect(lines[0]).toMatch(/^error: npm run dist can't build the installers: Electron's binary (was never downloaded|is missing from )/);
    expect(lines[0]).toContain(`put electron-v${version}-${process.platform}-${process.arch}.zip in Electron's download cache`);
    expect(lines[0]).toMatch(/then run npm run dist again\.$/);
  });

  it('finds the unpacked binary where Electron put it, and says which file is missing when it is not there', () => {
    const electronDir = folder('pkg');
    expect(installedElectron(electronDir, {})).toEqual({ why: "Electron's binary was never downloaded (npm does not fetch it; Electron does on first launch)" });
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    expect(installedElectron(electronDir, {})).toEqual({ why: `Electron's binary is missing from ${join(electronDir, 'dist')}` });
    mkdirSync(join(electronDir, 'dist'));
    writeFileSync(join(electronDir, 'dist', 'electron'), '');
    expect(installedElectron(electronDir, {})).toEqual({ distDir: join(electronDir, 'dist'), binary: join(electronDir, 'dist', 'electron') });
  });

  it('the refusal names the archive for the platform asked about', () => {
    expect(refusal('no binary', '45.5.0', 'darwin', 'arm64')).toBe(
      "error: npm run dist can't build the installers: no binary; run it where github.com can be reached, or put electron-v45.5.0-darwin-arm64.zip in Electron's download cache (or set ELECTRON_MIRROR), then run npm run dist again.",
    );
  });

  it('is configured for AppImage and deb, dmg and NSIS, with .densely.json associated and the fuses flipped after packing', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; build: Record<string, any> };
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    const { build } = pkg;
    expect(build.linux.target).toEqual(['AppImage', 'deb']);
    expect(build.mac.target).toBe('dmg');
    expect(build.win.target).toBe('nsis');
    expect(build.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'densely.json', name: 'Densely project', mimeType: 'application/x-densely+json', role: 'Editor' }),
    ]);
    // `densely FILE` on Linux: the deb links /usr/bin/densely to the executable of this name.
    expect(build.linux.executableName).toBe('densely');
    expect(build.afterPack).toBe('./scripts/after-pack.mjs');
    // electron-builder's own schema check, which it runs before building anything.
    await expect(validateConfiguration(build, new DebugLogger(false))).resolves.toBeUndefined();
  });
});
