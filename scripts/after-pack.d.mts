import type { FuseConfig } from '@electron/fuses';

export interface AfterPackContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly arch: number;
  readonly packager: { readonly appInfo: { readonly productFilename: string }; readonly executableName: string };
}
export function fuseConfig(platform: string, arch: number): FuseConfig;
export function electronBinaryPath(context: AfterPackContext): string;
export default function afterPack(context: AfterPackContext): Promise<void>;
