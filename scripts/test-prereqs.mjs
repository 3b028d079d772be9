#!/usr/bin/env node
/**
 * What `npm test` needs beyond npm's packages, installed where this machine
 * allows it and otherwise named in one line: Debian's Chromium for the
 * end-to-end tests (Playwright drives it; no browser is downloaded).
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

if (!executable(chromium)) {
  if (process.env.CHROMIUM_PATH || !canInstallWithApt()) {
    process.stderr.write(
      `error: the end-to-end tests need Chromium at ${chromium}; run \`sudo apt-get install chromium\` (or set CHROMIUM_PATH to a Chromium binary) and run npm test again.\n`,
    );
    process.exit(1);
  }
  process.stdout.write('Installing Debian\'s chromium for the end-to-end tests (apt-get)...\n');
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (e) {
    process.stderr.write(`error: installing chromium with apt-get failed (${e.message.split('\n')[0]}); run \`apt-get install chromium\` yourself and run npm test again.\n`);
    process.exit(1);
  }
  if (!executable(chromium)) {
    process.stderr.write(`error: apt-get installed chromium but ${chromium} is still missing; set CHROMIUM_PATH to the Chromium binary.\n`);
    process.exit(1);
  }
}
