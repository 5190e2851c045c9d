import { startGatewayHarness, type GatewayHarness } from './test/gateway-harness';

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
    expect(operations.map((o) => o.route).sort()).toEqual([
      'DELETE /api/leads/{id}',
      'GET /api/leads',
      'GET /api/leads/{id}',
      'GET /health',
      'GET /ready',
      'PATCH /api/leads/{id}',
      'POST /api/leads',
      'POST /api/leads/import',
    ]);
    for (const { route, operation } of operations.filter((o) => o.route.includes('/api/'))) {
      expect({ route, security: operation.security }).toEqual({ route, security: [{ bearerAuth: [] }] });
      for (const status of ['400', '401', '429', '500']) {
        expect({ route, status, content: operation.responses[status]?.content }).toEqual({
          route,
          status,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        });
      }
    }
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining(['Lead', 'Problem', 'LeadPage', 'ImportReport']),
    );
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
