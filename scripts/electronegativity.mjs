/**
 * Runs Electronegativity (Doyensec's Electron security linter) over the main
 * process sources, offline, and fails on any HIGH-severity finding that is not
 * excused below by name and reason. `npm run test:security`.
 *
 * Its CLI can't be used: it breaks against the hoisted commander 14, and both
 * the CLI and its runner fetch translations (and Electron's release list) from
 * the network. So this script loads the runner itself with those two network
 * paths replaced: translations come from the package's own en-US file, and
 * the release-list check is left out (it needs GitHub; `npm audit` and
 * Electron's own update cadence cover known CVEs instead).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Checks that would reach the network; never run. */
export const OFFLINE_EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/**
 * Findings judged false positives, one by one: the check, the file, and why.
 * A finding is excused only when all of check id and file match.
 */
export const EXCUSED = [];

/** What Electronegativity reads: the main process and preload sources, and the renderer's HTML. */
export const TARGETS = ['src-main', 'src-renderer/index.html', 'out/renderer/index.html'];

const enRequire = createRequire(join(root, 'node_modules/@doyensec/electronegativity/package.json'));

function offline() {
  const i18nPath = enRequire.resolve('./dist/locales/i18n.js');
  const i18n = enRequire('i18n');
  const localOnly = async () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(i18nPath),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: globalThis,
    });
    i18n.setLocale('en-US');
  };
  const refuse = () => Promise.reject(new Error('Electronegativity tried to reach the network; this run is offline.'));
  const stub = (path, exports) => {
    enRequire.cache[path] = { id: path, filename: path, loaded: true, exports, children: [], paths: [] };
  };
  stub(i18nPath, Object.assign(localOnly, { default: localOnly }));
  stub(enRequire.resolve('got'), Object.assign(refuse, { default: refuse }));
}

function excused(issue) {
  return EXCUSED.find((e) => e.check === issue.id && issue.file.endsWith(e.file));
}

export async function scan(input) {
  offline();
  const run = enRequire('./dist/runner.js');
  return run({
    input,
    excludeFromScan: OFFLINE_EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
    isRelative: false,
    electronVersionOverride: enRequire(join(root, 'node_modules/electron/package.json')).version,
  });
}

async function main() {
  const verbose = process.argv.includes('--verbose');
  let high = 0;
  let seen = 0;
  for (const target of TARGETS) {
    const input = join(root, target);
    if (!existsSync(input)) continue;
    const { issues, errors } = await scan(input);
    for (const e of errors.filter((x) => !x.tolerable)) console.log(`electronegativity: could not parse ${relative(root, e.file)}: ${e.message}`);
    for (const issue of issues) {
      seen++;
      const severity = issue.severity.name ?? String(issue.severity);
      const where = `${relative(root, issue.file) || target}:${issue.location.line}:${issue.location.column}`;
      const excuse = excused(issue);
      const isHigh = severity.toUpperCase() === 'HIGH';
      if (isHigh && !excuse) high++;
      if (verbose || (isHigh && !excuse))
        console.log(`${isHigh && !excuse ? 'FAIL' : 'note'} ${severity} ${issue.id} ${where}${excuse ? ` (excused: ${excuse.why})` : ''}\n     ${issue.description}${issue.manualReview ? ' [review]' : ''}`);
    }
  }
  if (high > 0) {
    console.log(`electronegativity: ${high} high-severity finding(s); fix them or excuse each in scripts/electronegativity.mjs with a reason.`);
    process.exit(1);
  }
  console.log(`electronegativity: no high-severity finding (${seen} finding(s) of lower severity or excused; --verbose lists them).`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
