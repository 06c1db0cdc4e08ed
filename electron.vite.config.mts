import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // Workers are entries of their own: main starts them from out/main/<name>.js.
          'prepare-worker': resolve(__dirname, 'electron/main/workers/prepare-worker.ts'),
          'sync-worker': resolve(__dirname, 'electron/main/workers/sync-worker.ts'),
          'import-worker': resolve(__dirname, 'electron/main/workers/import-worker.ts'),
          'push-encoder': resolve(__dirname, 'electron/main/workers/push-encoder.ts'),
          'rfm-worker': resolve(__dirname, 'electron/main/workers/rfm-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: false,
      lib: { entry: resolve(__dirname, 'electron/preload/index.ts') },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
      chunkSizeWarningLimit: 2500,
    },
    plugins: [react()],
  },
});
