import { defineConfig } from 'vite';

/** The standalone GPS page: served under /app/, with hashed, long-cached assets. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  // The DSFR stylesheet still carries old Internet Explorer hacks: drop them, keep the rest.
  css: { lightningcss: { errorRecovery: true } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // No inline assets: the page's CSP allows nothing inline.
    assetsInlineLimit: 0,
  },
});
