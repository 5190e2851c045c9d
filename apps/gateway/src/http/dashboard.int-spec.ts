import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { dashboardContentSecurityPolicy } from './dashboard';
import { buildUnconnectedGateway } from './openapi-document';

describe('the dashboard served by the gateway', () => {
  let root: string;
  let app: FastifyInstance;
  let close: () => Promise<void>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'coldreach-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    ({ app, close } = await buildUnconnectedGateway({ webRoot: root }));
  });
  afterAll(async () => {
    await close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(['/', '/leads', '/campaigns/3f0c/edit', '/sign-in?next=%2Fleads'])(
    'answers the page %s with index.html under the dashboard policy, never cached',
    async (url) => {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('<div id="root">');
      expect(page.headers['content-security-policy']).toBe(dashboardContentSecurityPolicy);
      expect(page.headers['content-security-policy']).not.toContain("script-src 'self' 'unsafe-inline'");
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBeDefined();
    },
  );

  it('serves hashed assets for a year and other files revalidated', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('leaves the API, documents and public links their own answers', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    for (const url of ['/problems/nothing-here', '/assets/index-replaced.js']) {
      const missing = await app.inject({ method: 'GET', url });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/problem\+json/);
    }
    const document = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(document.json()).toMatchObject({ openapi: '3.1.0' });
    expect(JSON.stringify(document.json())).not.toContain('index.html');
  });

  it('refuses paths that climb out of the build', async () => {
    const climb = await app.inject({ method: 'GET', url: '/assets/..%2f..%2fetc%2fpasswd' });
    expect(climb.body).not.toContain('root:');
  });
});

describe('a gateway without a dashboard build', () => {
  it('answers / with a problem, as before', async () => {
    const { app, close } = await buildUnconnectedGateway({ webRoot: join(tmpdir(), 'no-such-build') });
    try {
      const page = await app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(404);
      expect(page.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await close();
    }
  });
});
