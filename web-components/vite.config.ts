import { defineConfig } from 'vite';

/** One ES module, Lit included, that a portal loads with one script tag. */
export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'gps-widgets.js' },
    // Whitespace too: this file is served to browsers as is, not bundled again.
    rolldownOptions: { output: { codeSplitting: false, minify: true } },
  },
});
