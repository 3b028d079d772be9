#!/usr/bin/env node
/**
 * What `npm test` needs beyond npm's packages, installed where this machine
 * allows it and otherwise named in one line: Debian's Chromium for the
 * end-to-end tests (Playwright drives it; no browser is downloaded), and
 * Debian's python3-torch, which runs the exported PyTorch code in the
 * code-export tests.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function canInstallWithApt() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let aptUpdated = false;
function aptInstall(pkg) {
  if (!aptUpdated) execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  aptUpdated = true;
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

if (!executable(chromium)) {
  if (process.env.CHROMIUM_PATH || !canInstallWithApt()) {
    process.stderr.write(
      `error: the end-to-end tests need Chromium at ${chromium}; run \`sudo apt-get install chromium\` (or set CHROMIUM_PATH to a Chromium binary) and run npm test again.\n`,
    );
    process.exit(1);
  }
  process.stdout.write('Installing Debian\'s chromium for the end-to-end tests (apt-get)...\n');
  try {
    aptInstall('chromium');
  } catch (e) {
    process.stderr.write(`error: installing chromium with apt-get failed (${e.message.split('\n')[0]}); run \`apt-get install chromium\` yourself and run npm test again.\n`);
    process.exit(1);
  }
  if (!executable(chromium)) {
    process.stderr.write(`error: apt-get installed chromium but ${chromium} is still missing; set CHROMIUM_PATH to the Chromium binary.\n`);
    process.exit(1);
  }
}

/** Whether Debian's python3 imports torch, run as the tests run it (without the OpenBLAS tuning variables). */
function hasTorch() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore', env });
    return true;
  } catch {
    return false;
  }
}

if (!hasTorch()) {
  if (!canInstallWithApt()) {
    process.stderr.write(
      "error: the code-export tests run the exported PyTorch code with Debian's python3-torch, which is missing; run `sudo apt-get install python3-torch` and run npm test again.\n",
    );
    process.exit(1);
  }
  process.stdout.write("Installing Debian's python3-torch for the code-export tests (apt-get)...\n");
  try {
    aptInstall('python3-torch');
  } catch (e) {
    process.stderr.write(`error: installing python3-torch with apt-get failed (${e.message.split('\n')[0]}); run \`apt-get install python3-torch\` yourself and run npm test again.\n`);
    process.exit(1);
  }
  if (!hasTorch()) {
    process.stderr.write('error: apt-get installed python3-torch but /usr/bin/python3 still cannot import torch; run `python3 -c "import torch"` to see why.\n');
    process.exit(1);
  }
}
