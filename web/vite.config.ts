import { fileURLToPath } from 'node:url';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { defineConfig, type Plugin } from 'vite';

/**
 * The message catalogues (`src/messages/<locale>/<name>.json`, ICU MessageFormat) compiled for
 * Lingui's runtime at build time, so the portal ships no message parser.
 * A malformed message fails the build.
 */
function linguiCatalogues(): Plugin {
  return {
    name: 'lieu:lingui-catalogues',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/]messages[\\/](fr|en)[\\/][^\\/]+\.json$/.test(id)) return null;
      const compiled = Object.entries(JSON.parse(code) as Record<string, string>).map(([key, text]) => [key, compileMessageOrThrow(text)]);
      return { code: JSON.stringify(Object.fromEntries(compiled)), map: null };
    },
  };
}

/**
 * The portal's build: plain Vite with esbuild's automatic JSX runtime (no React plugin: the
 * portal needs no Fast Refresh to ship, and it saves a dependency). `@lieu/core` is shared with
 * the server and imports `node:crypto` for id generation; in the browser that import points to a
 * tiny Web Crypto shim (the portal never generates ids, but the module must still load).
 */
export default defineConfig({
  plugins: [linguiCatalogues()],
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
