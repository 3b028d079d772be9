// `npm start`: the Electron app where it can run; otherwise one line saying
// why, then the web host, so that the main job always starts.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { why: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  try {
    // Resolving `electron` downloads its binary on first use (Electron 45+).
    const path = require('electron');
    return typeof path === 'string' ? { path } : { why: 'the electron package gave no binary path' };
  } catch (e) {
    return { why: `Electron's binary is missing and could not be downloaded (${String(e.message).split('\n')[0]})` };
  }
}

const found = electronBinary();
const child = found.path
  ? spawn(found.path, ['.', ...args], { stdio: 'inherit' })
  : (process.stdout.write(`Densely can't open its desktop window here: ${found.why}; serving the web host instead.\n`),
    spawn(process.execPath, ['--import', 'tsx', 'src-main/web-host.ts', ...args], { stdio: 'inherit' }));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
