/**
 * The packaged app's fuses: the afterPack hook (scripts/after-pack.mjs) is run
 * as electron-builder runs it, with @electron/fuses' flipFuses stubbed so that
 * the exact configuration it would write can be read.
 */
import { Arch } from 'electron-builder';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fuses = vi.hoisted(() => ({ flipFuses: vi.fn(async () => 1) }));
vi.mock('@electron/fuses', async (importOriginal) => ({ ...(await importOriginal<typeof import('@electron/fuses')>()), flipFuses: fuses.flipFuses }));

import { FuseV1Options, FuseVersion } from '@electron/fuses';
import afterPack from '../scripts/after-pack.mjs';

const packager = { appInfo: { productFilename: 'Densely' }, executableName: 'densely' };

beforeEach(() => fuses.flipFuses.mockClear());

async function flipped(electronPlatformName: string, arch: Arch) {
  await afterPack({ appOutDir: '/dist/out', electronPlatformName, arch, packager });
  expect(fuses.flipFuses).toHaveBeenCalledTimes(1);
  return fuses.flipFuses.mock.calls[0] as unknown as [string, Record<string | number, unknown>];
}

describe('the afterPack fuses', () => {
  it('turns off every way to run the binary as something else, and on every integrity check', async () => {
    const [, config] = await flipped('linux', Arch.x64);
    expect(config).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
    // Every fuse @electron/fuses knows is set, none left to Electron's default.
    const known = Object.values(FuseV1Options).filter((v) => typeof v === 'number');
    for (const fuse of known) expect(config, FuseV1Options[fuse as number]).toHaveProperty(String(fuse));
  });

  it('flips the binary electron-builder wrote for each platform', async () => {
    expect((await flipped('linux', Arch.x64))[0]).toBe(join('/dist/out', 'densely'));
    fuses.flipFuses.mockClear();
    expect((await flipped('win32', Arch.x64))[0]).toBe(join('/dist/out', 'Densely.exe'));
    fuses.flipFuses.mockClear();
    expect((await flipped('darwin', Arch.x64))[0]).toBe(join('/dist/out', 'Densely.app'));
  });

  it('re-signs ad hoc only an Apple-silicon (or universal) macOS build', async () => {
    expect((await flipped('darwin', Arch.arm64))[1].resetAdHocDarwinSignature).toBe(true);
    fuses.flipFuses.mockClear();
    expect((await flipped('darwin', Arch.universal))[1].resetAdHocDarwinSignature).toBe(true);
    fuses.flipFuses.mockClear();
    expect((await flipped('darwin', Arch.x64))[1].resetAdHocDarwinSignature).toBe(false);
    fuses.flipFuses.mockClear();
    expect((await flipped('linux', Arch.arm64))[1].resetAdHocDarwinSignature).toBe(false);
  });
});
