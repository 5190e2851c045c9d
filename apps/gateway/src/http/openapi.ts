import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { withProblemDocs } from '../errors/problem-docs';
import { docsContentSecurityPolicy } from './security-headers';
import { importBodyDocumentation } from '../schemas/import-schemas';

/**
 * The OpenAPI 3.1 document, generated from the route schemas, at GET /openapi.json, and the Swagger
 * UI at /docs (its assets are served from the package: no CDN, works offline).
 * Must be registered before the routes it documents.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cold Reach API',
        version: '1.0.0',
        description:
          'Leads, campaigns, mailboxes, email and scraping of a workspace. Authenticate with ' +
          "`Authorization: Bearer <API key>`; every request is scoped to the key's workspace. The dashboard " +
          'signs in instead (POST /api/session: the `cr_session` cookie, and `X-CSRF-Token` on every ' +
          'POST, PUT, PATCH and DELETE). Errors are ' +
          'RFC 9457 problem details. Every POST takes an optional `Idempotency-Key` header (replayed for 24 h).',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A Cold Reach API key (crk_…).' },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'cr_session',
            description:
              'The session a sign-in (POST /api/session) sets; used when there is no Authorization header.',
          },
          csrfToken: {
            type: 'apiKey',
            in: 'header',
            name: 'X-CSRF-Token',
            description: "The session's csrfToken; required with the cookie on POST, PUT, PATCH and DELETE.",
          },
        },
      },
      tags: [
        { name: 'account', description: 'Signing in (sessions), your password, the API keys' },
        { name: 'leads', description: 'Leads and contacts' },
        { name: 'campaigns', description: 'Campaigns, their steps, leads and tasks' },
        { name: 'analytics', description: 'Campaign funnels, the workspace overview and time series' },
        { name: 'email', description: 'Sending one email, and the status of any email' },
        { name: 'mailboxes', description: 'Sending accounts (SMTP URLs are write-only)' },
        { name: 'suppressions', description: 'Addresses no email goes to' },
        { name: 'deliveries', description: 'The delivery ledger and caught messages' },
        {
          name: 'inbound',
          description:
            "What arrives in the mailboxes' inboxes (read over IMAP): replies, auto-replies, bounces, complaints",
        },
        {
          name: 'local-mode',
          description:
            'Local mode only (`npm start`): tools for trying Cold Reach without a real mailbox; 409 elsewhere',
        },
        { name: 'scraping', description: 'Crawls of websites that find leads, their progress and contacts' },
        {
          name: 'verification',
          description: 'Email verification: one lead, bulk jobs, an address alone, settings',
        },
        { name: 'unsubscribe', description: 'The public unsubscribe link of every email (no key)' },
        {
          name: 'tracking',
          description: 'The open pixel and click redirect of campaigns that track (no key; off by default)',
        },
        { name: 'health', description: 'Probes' },
      ],
    },
    refResolver: {
      // Shared schemas keep their names (Lead, Problem…) in components.schemas.
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `schema-${i}`,
    },
    transform: ({ schema, url, route }) => {
      const documented = withProblemDocs(schema, route);
      // The import body is a stream the route reads itself, so it is documented here, not validated.
      if (url === '/api/leads/import' && documented)
        return { schema: { ...documented, body: importBodyDocumentation }, url };
      return { schema: documented, url };
    },
  });
  // The UI's routes replace the API's CSP with one that lets the page run (no online validator: the
  // plugin leaves swagger-ui's validatorUrl null).
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: docsContentSecurityPolicy });

  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json').send(JSON.stringify(app.swagger())),
  );
}
