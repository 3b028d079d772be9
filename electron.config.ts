/**
 * Build config for the three Electron targets (electron-vite):
 * main (Node: trainer, transport), preload (the contextBridge API) and the
 * Svelte renderer, which the web host serves too.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    plugins: [
      {
        // The threaded wasm backend's pthread workers start this script from beside the main bundle (src-main/trainer/wasm-threads.ts).
        name: 'densely-wasm-pthread',
        generateBundle() {
          this.emitFile({ type: 'asset', fileName: 'wasm-pthread.cjs', source: readFileSync(resolve('src-main/trainer/wasm-pthread.cjs'), 'utf8') });
        },
      },
    ],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('src-main/electron-main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload runs as CommonJS with only `electron` to require.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
