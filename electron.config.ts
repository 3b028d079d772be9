/**
 * Build config for the three Electron targets (electron-vite):
 * main (Node: trainer, transport), preload (the contextBridge API) and the
 * Svelte renderer, which the web host serves too.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The trainer's shard workers (src-main/trainer/parallel) start shard-worker.js from beside the main bundle.
      rollupOptions: { input: { index: resolve('src-main/electron-main.ts'), 'shard-worker': resolve('src-main/trainer/parallel/shard-worker.ts') } },
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
