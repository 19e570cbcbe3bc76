import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApi } from '@lieu/api/openapi';
import { createApp, portalSecurityHeaders, type Deps, type Route } from '@lieu/http';
import type { MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { allRoutes } from './routes';
import { devTxtResolver } from './devRoutes';
import { docsPage } from './docsPage';
import { localMedia } from './media';

const here = fileURLToPath(new URL('.', import.meta.url));
export const WEB_DIST = resolve(here, '../../../web/dist');

/**
 * The whole product on one port: every area's routes, the OpenAPI document and its docs page, and
 * the portal's built files (any other path falls back to the portal's index.html). `extraRoutes`
 * lets tests mount a fixture route (the proofs show they catch a deliberately broken one).
 */
export function createLocalApp(deps: Deps, extraRoutes: Route[] = [], opts: { mediaDir?: string } = {}) {
  const routes = [...allRoutes(deps.devMode), ...extraRoutes];
  // Uploaded photos: in `mediaDir` (`.data/uploads` for `pnpm dev`), else a temp folder (memory mode, tests).
  const media = localMedia(opts.mediaDir ?? mkdtempSync(join(tmpdir(), 'lieu-media-')), deps.jwtSecret);
  deps.media ??= media.store;
  // Custom-domain checks answer the records published through the dev routes, never the real DNS.
  if (deps.devMode) deps.dns ??= devTxtResolver(deps.db);
  const app = createApp(deps, routes);
  media.mount(app, deps.clock);
  const openapi = buildOpenApi(routes.map((r) => r.spec), { title: 'Lieu API', version: '1.0.0' });
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.get('/api/docs', (c) => c.html(docsPage()));
  if (existsSync(join(WEB_DIST, 'index.html'))) {
    const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    // The same headers CloudFront adds to the portal in AWS (HSTS aside: this server speaks http).
    const headers = Object.entries(portalSecurityHeaders());
    const secured: MiddlewareHandler = async (c, next) => {
      await next();
      if (!c.req.path.startsWith('/api/')) for (const [k, v] of headers) c.res.headers.set(k, v);
    };
    app.use('/assets/*', secured, serveStatic({ root: WEB_DIST }));
    app.get('/favicon.svg', secured, serveStatic({ path: join(WEB_DIST, 'favicon.svg') }));
    // The widget other websites embed with a script tag (CloudFront serves it from the bucket in AWS).
    app.get('/embed.js', secured, serveStatic({ path: join(WEB_DIST, 'embed.js') }));
    app.get('*', secured, (c) => (c.req.path.startsWith('/api/') ? c.notFound() : c.html(index)));
  } else {
    app.get('/', (c) => c.text('The portal is not built: run `pnpm dev` (it builds web/ first), or use the API under /api/.'));
  }
  return { app, openapi };
}
