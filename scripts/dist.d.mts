export type ElectronForBuild = { readonly distDir: string; readonly binary: string } | { readonly why: string };
export function installedElectron(electronDir: string, env?: NodeJS.ProcessEnv): ElectronForBuild;
export function refusal(why: string, version: string, platform?: string, arch?: string): string;
export function electronForBuild(options: { electronDir: string; allowDownload: boolean; env?: NodeJS.ProcessEnv; timeoutMs?: number }): ElectronForBuild;
