// The headers of each kind of answer: API JSON and problems, the Swagger UI, the unsubscribe pages.
import { buildGatewayApp } from '../app';
import { apiContentSecurityPolicy } from './security-headers';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

describe('security headers', () => {
  it.each([
    ['a JSON answer', 'GET', '/api/leads', 200],
    ['a 401 problem', 'GET', '/api/leads', 401],
    ['a 404 problem', 'GET', '/api/nothing', 404],
    ['a bad URL', 'GET', '/%', 400],
    ['the OpenAPI document', 'GET', '/openapi.json', 200],
    ['a probe', 'GET', '/health', 200],
  ] as const)('%s is not sniffed, stored or framed', async (_name, method, url, status) => {
    const response = await h.call(method, url, { key: status === 401 ? null : h.a.key });
    expect(response.statusCode).toBe(status);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-security-policy']).toBe(apiContentSecurityPolicy);
    expect(response.headers['x-frame-options']).toBe('DENY');
    // No HSTS unless configured: the embedded platform is plain HTTP on loopback.
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('gives /docs a policy that lets the Swagger UI load its own assets, and nothing else', async () => {
    const page = await h.call('GET', '/docs/', { key: null });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    // Every script and stylesheet the page references is same-origin and allowed by the policy, and
    // the page has no inline script (which 'self' would block).
    const scripts = [...page.body.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    const styles = [...page.body.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    expect(styles.length).toBeGreaterThanOrEqual(1);
    expect(page.body).not.toMatch(/<script(?![^>]*src=)[^>]*>/);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toContain("'self'");
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    for (const asset of [...scripts, ...styles]) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const loaded = await h.call('GET', new URL(asset, 'http://gateway/docs/').pathname, { key: null });
      expect({ asset, status: loaded.statusCode }).toEqual({ asset, status: 200 });
    }
    // The initialiser fetches the document from the same origin.
    const initializer = await h.call('GET', '/docs/static/swagger-initializer.js', { key: null });
    expect(initializer.body).toContain("url: resolveUrl('./json')");
    expect(initializer.body).toContain('validatorUrl: null');
  });

  it('leaves the unsubscribe pages their own policy', async () => {
    const page = await h.call('GET', '/unsubscribe/not*a*token', {
      key: null,
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(String(page.headers['content-security-policy'])).toContain("form-action 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('sends Strict-Transport-Security when configured', async () => {
    const app = await buildGatewayApp({ ...h.deps, hstsMaxAgeSeconds: 31_536_000, readinessChecks: [] });
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    } finally {
      await app.close();
    }
  });
});
