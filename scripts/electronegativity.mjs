/**
 * Runs Electronegativity (Doyensec's Electron security linter) over the main
 * process sources, offline, and fails on any HIGH-severity finding that is not
 * excused below by name and reason. `npm run test:security`.
 *
 * Its CLI can't be used: it breaks against the hoisted commander 14, and both
 * the CLI and its runner fetch translations (and Electron's release list) from
 * the network. So this script loads the runner itself with those two network
 * paths replaced: translations come from the package's own en-US file, and
 * the release-list check is left out (it needs GitHub; item 16 of
 * docs/security.md says how Electron's version is kept current instead).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * What Electronegativity reads, copied into one folder so that its global
 * checks (is there a CSP anywhere, a will-navigate handler anywhere...) see the
 * whole app at once: the main process and preload sources without their
 * tests, package.json, and the renderer's HTML as written and as built.
 */
export const TARGETS = [
  { from: 'src-main', to: 'src-main' },
  { from: 'package.json', to: 'package.json' },
  { from: 'src-renderer/index.html', to: 'src-renderer/index.html' },
  { from: 'out/renderer/index.html', to: 'out/renderer/index.html' },
];

/** Copies the targets into a fresh folder; returns it and the targets that were present. */
function stage() {
  const dir = mkdtempSync(join(tmpdir(), 'densely-electronegativity-'));
  const present = TARGETS.filter((t) => existsSync(join(root, t.from)));
  for (const t of present)
    cpSync(join(root, t.from), join(dir, t.to), { recursive: true, filter: (src) => !/\.test\.ts$/.test(src) && !src.includes('node_modules') });
  return { dir, present };
}

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

function excused(issue, file) {
  return EXCUSED.find((e) => e.check === issue.id && e.file === file);
}

/** The findings that fail the run: HIGH severity and not excused. `dir` is the scanned folder. */
export function failingFindings(issues, dir) {
  return issues.filter((issue) => issue.severity.name === 'HIGH' && !excused(issue, relative(dir, issue.file)));
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
  const { dir, present } = stage();
  let result;
  try {
    result = await scan(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const where = (issue) => (issue.file === 'N/A' ? 'the whole app' : `${relative(dir, issue.file)}:${issue.location.line}:${issue.location.column}`);
  // A file it can't parse is a file whose findings would be missed: that fails the run too.
  const unparsed = result.errors.filter((x) => !x.tolerable);
  for (const e of unparsed) console.log(`FAIL electronegativity could not parse ${relative(dir, e.file)} (${e.message}); its findings would be missed.`);
  const failures = new Set(failingFindings(result.issues, dir));
  const high = failures.size + unparsed.length;
  for (const issue of result.issues) {
    const severity = issue.severity.name;
    const excuse = excused(issue, relative(dir, issue.file));
    const failing = failures.has(issue);
    if (verbose || failing)
      console.log(`${failing ? 'FAIL' : 'note'} ${severity} ${issue.id} in ${where(issue)}${excuse ? ` (excused: ${excuse.why})` : ''}\n     ${issue.description}${issue.manualReview ? ' [review]' : ''}`);
  }
  const scanned = present.map((t) => t.from).join(', ');
  if (high > 0) {
    console.log(`electronegativity: ${high} high-severity finding(s) or unparsed file(s) in ${scanned}; fix each, or excuse a finding by name with a reason in scripts/electronegativity.mjs.`);
    process.exit(1);
  }
  console.log(`electronegativity: no high-severity finding in ${scanned} (${result.issues.length} lower or excused; --verbose lists them).`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
