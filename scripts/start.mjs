// `npm start`: the Electron app where it can run; otherwise one line saying
// why, then the web host, so that the main job always starts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function installedBinary(dir) {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function electronBinary() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { why: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  const dir = dirname(require.resolve('electron/package.json'));
  const found = installedBinary(dir);
  if (found) return { path: found };
  // Electron 45+ fetches its binary on first launch; run that download quietly, so a failure is one line.
  process.stdout.write("Downloading Electron's binary (first launch)...\n");
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], { encoding: 'utf8', timeout: 300_000 });
  const downloaded = installedBinary(dir);
  if (r.status === 0 && downloaded) return { path: downloaded };
  const reason = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').find((l) => /error|fail/i.test(l))?.trim() ?? `exit code ${r.status}`;
  return { why: `Electron's binary is missing and could not be downloaded (${reason})` };
}

const found = electronBinary();
const child = found.path
  ? spawn(found.path, ['.', ...args], { stdio: 'inherit' })
  : (process.stdout.write(`Densely can't open its desktop window here: ${found.why}; serving the web host instead.\n`),
    spawn(process.execPath, ['--import', 'tsx', 'src-main/web-host.ts', ...args], { stdio: 'inherit' }));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
