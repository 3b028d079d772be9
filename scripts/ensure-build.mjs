// Builds the app when out/ is missing or older than any source file, so that
// `npm run web` and `npm start` never serve a stale renderer.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src-renderer', 'src-shared', 'src-main', 'electron.config.ts', 'package.json'];
const TARGETS = ['out/renderer/index.html', 'out/main/index.js', 'out/preload/index.cjs'];

function newest(path) {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

const built = Math.min(...TARGETS.map((t) => statSync(t, { throwIfNoEntry: false })?.mtimeMs ?? 0));
const changed = Math.max(...SOURCES.map(newest));
if (built < changed) {
  process.stderr.write('Building Densely (the sources changed since the last build)...\n');
  const r = spawnSync('npx', ['electron-vite', 'build', '--config', 'electron.config.ts'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write('error: the build failed; run `npm run build` to see why.\n');
    process.exit(r.status ?? 1);
  }
}
