import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Three builds from three folders: main (the core + Electron glue), preload (the bridge, derived
// from the contract) and renderer (React). See design.md "Where things go".
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          // Loaded with new Worker(new URL('./facts-worker.js', import.meta.url)) by the Unity indexer.
          'facts-worker': resolve(__dirname, 'src-main/unity/index/facts-worker.ts'),
          'find-worker': resolve(__dirname, 'src-main/files/find-worker.ts'), // the same, for find in files without ripgrep
          'scene-worker': resolve(__dirname, 'src-main/unity/yaml/scene-worker.ts'), // large scene/prefab parses (unity.scene.get)
          'symbol-worker': resolve(__dirname, 'src-main/code/symbol-worker.ts'), // C# parsing for the symbol index
          'process-worker': resolve(__dirname, 'src-main/assets/processing/process-worker.ts'), // asset processing pool
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require npm modules, so everything but electron is bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
      chunkSizeWarningLimit: 8000,
      // electron-vite leaves bundles unminified; Monaco alone is 6 MB unminified and the first
      // paint of every view waits for the main chunk, so the renderer is minified.
      minify: true,
    },
    worker: { format: 'es' },
    plugins: [react()],
  },
})
