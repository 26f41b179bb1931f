import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ReclaimError } from '../../errors.js';
import type { RouteOptions } from './index.js';

/** The built web app (`npm install` builds it); the same path from src/ and from dist/. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * The operator web app under /ui/, from the same origin as the API (no CORS, no CDN). File names
 * carry a content hash, so assets are cached for a year; the page never is, so a rebuilt app is
 * picked up on the next start. Any other /ui/ path is a page of the app (client-side routing).
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
    // Each built file gets its own route; everything else falls through to the page below.
    wildcard: false,
    index: false,
    schemaHide: true,
    maxAge: 365 * 24 * 3600 * 1000,
    immutable: true,
  });
  const template = readFileSync(`${WEB_DIST}index.html`, 'utf8');
  // '/ui' and '/ui/' are one route (the router ignores a trailing slash).
  app.get('/ui/', { schema: { hide: true } }, (_req, reply) => page(reply, template));
  app.get('/ui/*', { schema: { hide: true } }, (req, reply) => {
    // A missing asset (an old hashed name) is a 404, never the page in its place.
    if (req.url.startsWith('/ui/assets/')) throw new ReclaimError('NOT_FOUND', 'no such asset');
    return page(reply, template);
  });
};

/**
 * The app's page with a fresh style nonce: React Aria adds two small <style> elements (touch and
 * scroll behaviour) and takes their nonce from the csp-nonce meta tag, so the policy allows
 * exactly those and still no other inline style.
 */
function page(reply: FastifyReply, template: string): FastifyReply {
  const nonce = randomBytes(16).toString('hex');
  const policy = String(reply.getHeader('content-security-policy') ?? "default-src 'self'");
  return reply
    .header('cache-control', 'no-cache')
    .header(
      'content-security-policy',
      policy.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`),
    )
    .type('text/html; charset=utf-8')
    .send(template.replace('<head>', `<head>\n    <meta property="csp-nonce" nonce="${nonce}" />`));
}
