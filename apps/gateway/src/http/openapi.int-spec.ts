import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

describe('API documents', () => {
  it('GET /openapi.json is OpenAPI 3.1 and documents every route with its problems', async () => {
    const response = await h.call('GET', '/openapi.json', { key: null });
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    expect(spec.openapi).toBe('3.1.0');
    const operations = Object.entries(
      spec.paths as Record<
        string,
        Record<
          string,
          { security?: unknown; responses: Record<string, { content?: Record<string, unknown> }> }
        >
      >,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
    expect(operations.map((o) => o.route).sort()).toEqual(
      [
        'DELETE /api/leads/{id}',
        'GET /api/leads',
        'GET /api/leads/{id}',
        'GET /health',
        'GET /ready',
        'PATCH /api/leads/{id}',
        'POST /api/leads',
        'POST /api/leads/import',
        'GET /api/leads/import-progress/{progressId}',
        'GET /api/leads/export',
        'POST /api/leads/bulk',
        'POST /api/leads/import/columns',
        'POST /api/campaigns',
        'GET /api/campaigns',
        'GET /api/campaigns/{id}',
        'PATCH /api/campaigns/{id}',
        'DELETE /api/campaigns/{id}',
        'POST /api/campaigns/{id}/launch',
        'POST /api/campaigns/{id}/pause',
        'POST /api/campaigns/{id}/resume',
        'GET /api/campaigns/{id}/steps',
        'POST /api/campaigns/{id}/steps',
        'PATCH /api/campaigns/{id}/steps/{stepId}',
        'DELETE /api/campaigns/{id}/steps/{stepId}',
        'GET /api/campaigns/{id}/leads',
        'POST /api/campaigns/{id}/leads',
        'DELETE /api/campaigns/{id}/leads/{clientId}',
        'GET /api/campaigns/{id}/tasks',
        'POST /api/campaigns/{id}/tasks',
        'GET /api/campaigns/{id}/stats',
        'POST /api/campaigns/preview',
        'GET /api/analytics/overview',
        'GET /api/analytics/timeseries',
        'POST /email/send',
        'POST /api/email/send',
        'GET /api/status/{id}',
        'POST /api/mailboxes',
        'GET /api/mailboxes',
        'GET /api/mailboxes/{id}',
        'PATCH /api/mailboxes/{id}',
        'DELETE /api/mailboxes/{id}',
        'POST /api/mailboxes/{id}/test',
        'POST /api/mailboxes/test',
        'POST /api/mailboxes/{id}/test-imap',
        'POST /api/mailboxes/test-imap',
        'GET /api/inbound',
        'GET /api/campaigns/{id}/replies',
        'GET /api/leads/{id}/replies',
        'POST /api/caught-messages/{id}/simulate-reply',
        'GET /api/suppressions',
        'POST /api/suppressions',
        'DELETE /api/suppressions/{email}',
        'POST /api/suppressions/check',
        'GET /api/deliveries',
        'GET /api/deliveries/{id}',
        'POST /api/deliveries/{id}/retry',
        'GET /api/caught-messages',
        'POST /api/scrape',
        'GET /api/scrape',
        'GET /api/scrape/{id}',
        'POST /api/scrape/{id}/cancel',
        'POST /api/scrape/{id}/add-to-campaign',
        'GET /api/scrape/{id}/results',
        'GET /api/scrape/{id}/results.csv',
        'POST /api/leads/{id}/verify',
        'POST /api/leads/verify',
        'GET /api/leads/verify/{id}',
        'POST /api/leads/verify/{id}/cancel',
        'POST /api/verify',
        'GET /api/settings/verification',
        'PUT /api/settings/verification',
        'GET /unsubscribe/{token}',
        'POST /unsubscribe/{token}',
        'GET /t/o/{token}',
        'GET /t/c/{token}',
        'POST /api/session',
        'GET /api/session',
        'DELETE /api/session',
        'PUT /api/session/workspace',
        'POST /api/account/password',
        'GET /api/keys',
        'POST /api/keys',
        'DELETE /api/keys/{id}',
      ].sort(),
    );
    // Signing in is the one /api route without credentials.
    const authenticated = operations.filter(
      (o) =>
        (o.route.includes('/api/') || o.route.endsWith('/email/send')) && o.route !== 'POST /api/session',
    );
    expect(spec.paths['/api/session'].post.security).toBeUndefined();
    expect(spec.components.securitySchemes.sessionCookie).toMatchObject({ in: 'cookie', name: 'cr_session' });
    for (const { route, operation } of authenticated) {
      expect({ route, security: operation.security }).toEqual({ route, security: [{ bearerAuth: [] }] });
      for (const status of ['400', '401', '429', '500']) {
        expect({ route, status, content: operation.responses[status]?.content }).toEqual({
          route,
          status,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        });
      }
    }
    // Every POST but the streamed import, the key minting (a replay would store the key) and the
    // password change (a replay cannot set the new cookie) takes an Idempotency-Key and documents
    // its 409 and 422.
    const noIdempotency = ['POST /api/leads/import', 'POST /api/keys', 'POST /api/account/password'];
    for (const { route, operation } of authenticated.filter(
      (o) => o.route.startsWith('POST') && !noIdempotency.includes(o.route),
    )) {
      const { parameters = [] } = operation as { parameters?: { in: string; name: string }[] };
      expect({
        route,
        header: parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key'),
      }).toEqual({
        route,
        header: true,
      });
      expect({ route, statuses: ['409', '422'].filter((status) => operation.responses[status]) }).toEqual({
        route,
        statuses: ['409', '422'],
      });
    }
    for (const { route, operation } of operations.filter(
      (o) => o.route.includes('/unsubscribe/') || o.route.includes(' /t/'),
    )) {
      expect({ route, security: operation.security }).toEqual({ route, security: undefined });
    }
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining([
        'Lead',
        'Problem',
        'LeadPage',
        'ImportReport',
        'Campaign',
        'Mailbox',
        'SendStatus',
      ]),
    );
    // The SMTP and IMAP URLs can be sent, and are never part of a response.
    for (const url of ['smtpUrl', 'imapUrl']) {
      expect(spec.components.schemas.CreateMailbox.properties[url].writeOnly).toBe(true);
      expect(spec.components.schemas.UpdateMailbox.properties[url].writeOnly).toBe(true);
      expect(Object.keys(spec.components.schemas.Mailbox.properties)).not.toContain(url);
    }
    // Every operation's tags are described, and the local-mode tool says what it is.
    const described = (spec.tags as { name: string }[]).map((tag) => tag.name);
    for (const { route, operation } of operations) {
      const { tags = [] } = operation as { tags?: string[] };
      expect({ route, undescribed: tags.filter((tag) => !described.includes(tag)) }).toEqual({
        route,
        undescribed: [],
      });
    }
    const simulate = spec.paths['/api/caught-messages/{id}/simulate-reply'].post;
    expect(simulate.tags).toEqual(['local-mode']);
    expect(simulate.summary).toMatch(/^Local mode only/);
    expect(spec.paths['/email/send'].post.responses['202']).toBeDefined();
    expect(Object.keys(spec.paths['/api/leads/import'].post.requestBody.content)).toEqual([
      'multipart/form-data',
      'text/csv',
    ]);
    expect(spec.paths['/api/leads/{id}'].get.responses['404']).toBeDefined();
  });

  it('GET /docs serves the Swagger UI from local assets', async () => {
    const page = await h.call('GET', '/docs', { key: null });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui');
    expect(page.body).not.toMatch(/https?:\/\/(?!localhost)/);
    const bundle = await h.call('GET', '/docs/static/swagger-ui-bundle.js', { key: null });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });
});
