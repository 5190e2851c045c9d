import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export interface SecurityHeadersOptions {
  /**
   * `Strict-Transport-Security: max-age=<n>` on every answer when above 0. Off by default: the
   * embedded platform answers plain HTTP on loopback, where HSTS would be wrong; turn it on when
   * the gateway is reached over HTTPS (behind a TLS-terminating proxy).
   */
  hstsMaxAgeSeconds?: number;
}

/**
 * The policy of the API's answers (JSON and problems): nothing in them may run, be framed, or be
 * loaded as a script or style (`default-src 'none'`).
 */
export const apiContentSecurityPolicy = "default-src 'none';frame-ancestors 'none'";

/**
 * The policy of the Swagger UI at /docs: its page loads only its own scripts and styles (no inline
 * script: the initialiser is a file), fetches /openapi.json from the same origin, and uses data:
 * images in its stylesheet. Its React components set style attributes, hence 'unsafe-inline' for
 * styles only. No online validator
 * badge (@fastify/swagger-ui leaves its URL null), so no other origin is needed.
 */
export const docsContentSecurityPolicy = [
  "default-src 'none'",
  "base-uri 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Security headers on every answer, through @fastify/helmet: the API's policy by default; /docs
 * replaces the CSP with its own (openapi.ts) and the unsubscribe pages set theirs (unsubscribe-page.ts).
 * API answers are never stored by a cache (they hold a workspace's data). Registered before any route.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeadersOptions = {},
): Promise<void> {
  const maxAge = options.hstsMaxAgeSeconds ?? 0;
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    // A subdomain of the gateway's host may be another operator's plain-HTTP service: only this host.
    strictTransportSecurity: maxAge > 0 ? { maxAge, includeSubDomains: false } : false,
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
}
