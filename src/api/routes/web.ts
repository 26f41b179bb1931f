import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { ReclaimError } from '../../errors.js';
import type { RouteOptions } from './index.js';

/** The built web app (`npm install` builds it); the same path from src/ and from dist/. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * The operator web app under /ui/, from the same origin as the API (no CORS, no CDN). File names
 * carry a content hash, so assets are cached for a year; index.html never is, so a rebuilt app
 * is picked up on the next load. Any other /ui/ path is a page of the app (client-side routing).
 */
export const webRoutes: FastifyPluginAsync<RouteOptions> = async (app) => {
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/ui/'));
  if (!existsSync(`${WEB_DIST}index.html`)) {
    app.get('/ui/*', { schema: { hide: true } }, () => {
      throw new ReclaimError('NOT_FOUND', 'the web app is not built: run npm run build:web');
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    prefix: '/ui/',
    // Each built file gets its own route; everything else falls through to index.html below.
    wildcard: false,
    index: false,
    schemaHide: true,
    maxAge: 365 * 24 * 3600 * 1000,
    immutable: true,
  });
  // '/ui' and '/ui/' are one route (the router ignores a trailing slash).
  app.get('/ui/', { schema: { hide: true } }, (_req, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false }),
  );
  app.get('/ui/*', { schema: { hide: true } }, (req, reply) => {
    // A missing asset (an old hashed name) is a 404, never the page in its place.
    if (req.url.startsWith('/ui/assets/')) throw new ReclaimError('NOT_FOUND', 'no such asset');
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
};
