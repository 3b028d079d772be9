/**
 * electron-builder's afterPack hook: flips Electron's fuses in the packaged
 * binary, before electron-builder signs it (fuses change the binary, so they
 * must be set before a signature is made). Referenced from package.json's
 * "build.afterPack". Why each fuse is set this way: docs/security.md.
 */
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import { join } from 'node:path';

/** electron-builder's Arch enum value for arm64 (builder-util: ia32 0, x64 1, armv7l 2, arm64 3, universal 4). */
const ARCH_ARM64 = 3;
const ARCH_UNIVERSAL = 4;

/**
 * The fuses for a packaged Densely. Every fuse @electron/fuses knows is set
 * explicitly, so that a new default in Electron can't change the app unseen.
 */
export function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    // An arm64 macOS binary must keep a valid (ad-hoc) signature after its bytes change, or it won't start unsigned.
    resetAdHocDarwinSignature: platform === 'darwin' && (arch === ARCH_ARM64 || arch === ARCH_UNIVERSAL),
    // `ELECTRON_RUN_AS_NODE=1 Densely` would otherwise be a signed Node.js anyone can script.
    [FuseV1Options.RunAsNode]: false,
    // Cookies and other Chromium storage encrypted with the OS keychain.
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS (e.g. --require) would inject code into main.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect would open a debugger on main. Playwright drives the unfused dev binary, not this one.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // app.asar is checked against the hash electron-builder embeds (macOS Info.plist, Windows resource).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // Only app.asar, never a loose resources/app folder someone dropped beside it.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // Densely ships no custom V8 snapshot.
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The page is served from app://densely/; file:// needs none of its legacy privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** Where electron-builder put the Electron binary for this platform (as its own fuse step computes it). */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return join(appOutDir, packager.executableName);
}

export default async function afterPack(context) {
  await flipFuses(electronBinaryPath(context), fuseConfig(context.electronPlatformName, context.arch));
}
