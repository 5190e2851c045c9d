import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The policy of the dashboard's pages: scripts only from this origin (no inline script anywhere),
 * requests only to this origin's API. Styles allow 'unsafe-inline' because a caught email is shown
 * as its recipient would see it, in a sandboxed frame that inherits this policy, and emails carry
 * inline styles; a sandboxed frame without allow-scripts runs no script whatever its markup says.
 * Images from other origins stay blocked, so an email's remote images cannot track whoever views it.
 */
export const dashboardContentSecurityPolicy = [
  "default-src 'none'",
  "base-uri 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Paths the dashboard never answers with its page: the API, probes, documents and public links keep
 * their 404s, and a missing asset is a 404 too (an old page asking for a chunk a rebuild replaced must
 * fail loudly, not run index.html as JavaScript).
 */
const notDashboard =
  /^\/(api|t|unsubscribe|docs|openapi\.json|health|ready|metrics|problems|assets)(\/|$|\?)/;

/**
 * Serves the built dashboard (apps/web/dist) at `/`: its hashed assets for a year (their names change
 * with their content), index.html never cached, and index.html for any other page path a browser
 * asks for (the dashboard routes in the browser, so /leads/123 reloaded must still load it).
 * Without a build (a gateway image without the web app, or tests), nothing is registered.
 */
export async function registerDashboard(app: FastifyInstance, options: { root?: string }): Promise<void> {
  const root = options.root;
  if (!root || !existsSync(join(root, 'index.html'))) return;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('content-security-policy', dashboardContentSecurityPolicy);
      reply.header(
        'cache-control',
        path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    if (notDashboard.test(request.url)) return reply.callNotFound();
    return reply
      .header('content-security-policy', dashboardContentSecurityPolicy)
      .header('cache-control', 'no-cache')
      .sendFile('index.html');
  };
  app.get('/', { schema: { hide: true } }, page);
  app.get('/*', { schema: { hide: true } }, page);
}
