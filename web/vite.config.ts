import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The portal's build: plain Vite with esbuild's automatic JSX runtime (no React plugin: the
 * portal needs no Fast Refresh to ship, and it saves a dependency). `@lieu/core` is shared with
 * the server and imports `node:crypto` for id generation; in the browser that import points to a
 * tiny Web Crypto shim (the portal never generates ids, but the module must still load).
 */
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  resolve: {
    alias: { 'node:crypto': fileURLToPath(new URL('./src/shims/node-crypto.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rollupOptions: {
      // zod's misplaced `@__PURE__` notes and TanStack's "use client" directives: harmless here, not ours to fix.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION' && warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
