#!/usr/bin/env node
/**
 * `npm run dist`: the installers for this platform (AppImage and deb on
 * Linux, dmg on macOS, NSIS on Windows; package.json "build"). They are made
 * from Electron's binary, which npm does not download (Electron fetches it on
 * first launch). Where the binary is here, or can be downloaded now, this
 * builds the app and hands the unpacked binary to electron-builder; where it
 * can't, it stops in one line saying why and what to do, before building anything.
 *
 * --no-download: use only a binary already on this machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Electron's unpacked binary, as its own package finds it (path.txt names the
 * executable inside dist/); ELECTRON_OVERRIDE_DIST_PATH, which Electron's
 * package honours for the same purpose, wins.
 */
export function installedElectron(electronDir, env = process.env) {
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { why: "Electron's binary was never downloaded (npm does not fetch it; Electron does on first launch)" };
  const binary = join(distDir, readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { why: `Electron's binary is missing from ${distDir}` };
  return { distDir, binary };
}

/** Runs Electron's own download (install.js, which reuses its cache); returns the first line that says why it failed. */
function download(electronDir, timeoutMs) {
  process.stdout.write("Downloading Electron's binary...\n");
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8', timeout: timeoutMs });
  if (r.status === 0) return null;
  if (r.error) return r.error.message;
  const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim());
  return lines.find((l) => /error|fail|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/i.test(l)) ?? `exit code ${r.status}`;
}

/** The one line `npm run dist` prints when it cannot build. */
export function refusal(why, version, platform = process.platform, arch = process.arch) {
  return (
    `error: npm run dist can't build the installers: ${why}; ` +
    `run it where github.com can be reached, or put electron-v${version}-${platform}-${arch}.zip in Electron's download cache (or set ELECTRON_MIRROR), then run npm run dist again.`
  );
}

/** Finds Electron's binary or downloads it; { distDir } or { why }. */
export function electronForBuild({ electronDir, allowDownload, env = process.env, timeoutMs = 300_000 }) {
  const found = installedElectron(electronDir, env);
  if ('distDir' in found || !allowDownload || env.ELECTRON_OVERRIDE_DIST_PATH) return found;
  const failure = download(electronDir, timeoutMs);
  const again = installedElectron(electronDir, env);
  if ('distDir' in again) return again;
  return { why: `${found.why}, and downloading it failed (${failure ?? again.why})` };
}

function run(command, args) {
  const r = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status ?? 1;
}

function main(argv) {
  const electronDir = dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
  const electron = electronForBuild({ electronDir, allowDownload: !argv.includes('--no-download') });
  if ('why' in electron) {
    process.stderr.write(`${refusal(electron.why.replace(/\s+/g, ' '), version)}\n`);
    return 1;
  }
  const bin = (name) => join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
  const built = run(bin('electron-vite'), ['build', '--config', 'electron.config.ts']);
  if (built !== 0) return built;
  // The binary found above, so that electron-builder does not try to download its own copy.
  return run(bin('electron-builder'), [`--config.electronDist=${electron.distDir}`, ...argv.filter((a) => a !== '--no-download')]);
}

function isMain() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) process.exitCode = main(process.argv.slice(2));
