import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { allowListName, siteAddress, startFetchTestBed, type FetchTestBed } from './test/fetch-test-bed';
import type { PageFetcher } from './page-fetcher';

// Every destination below is on loopback: the canary (127.0.0.1) stands for the private network
// the guard must keep the crawler out of, and must see no connection at all.
describe('createPageFetcher: SSRF', () => {
  let bed: FetchTestBed;
  let fetcher: PageFetcher;
  const loopbackRefusal = `is a loopback address; allowed only when listed in ${allowListName}`;

  beforeAll(async () => {
    bed = await startFetchTestBed();
    fetcher = bed.fetcher();
    bed.names.set('mixed.test', [siteAddress, '::1']);
    bed.names.set('mapped.test', ['::ffff:127.0.0.1']);
    bed.route('/', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html', connection: 'close' }).end('<p>ok</p>'),
    );
    bed.route('/redirect', (req, res) => {
      const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/';
      res.writeHead(302, { location: to }).end();
    });
  });
  afterAll(async () => {
    const connections = bed.canary.connections();
    await bed.close();
    expect(connections).toBe(0);
  });

  const literals = (port: number) => [
    `http://127.0.0.1:${port}/`,
    `http://2130706433:${port}/`,
    `http://0x7f000001:${port}/`,
    `http://0x7f.1:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://127.1:${port}/`,
    `http://127.0.1:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::ffff:7f00:1]:${port}/`,
    `http://[::127.0.0.1]:${port}/`,
    `http://[64:ff9b::127.0.0.1]:${port}/`,
    `http://[2002:7f00:1::]:${port}/`,
    `http://[::1]:${port}/`,
    `http://0.0.0.0:${port}/`,
    `http://0:${port}/`,
  ];

  it('refuses a literal seed in every spelling of loopback, before connecting', async () => {
    for (const url of literals(bed.port)) {
      const result = await fetcher.fetchPage(url, { accept: 'html' });
      expect(result).toMatchObject({ ok: false, url });
      expect(!result.ok && result.reason).toMatch(/^refused: .* (is an? .* address|and is never allowed)/);
    }
    expect(bed.canary.connections()).toBe(0);
    expect(bed.requests).toHaveLength(0);
  });

  it.each([
    [
      'canary.test',
      `refused: canary.test resolves to a loopback address; allowed only when listed in ${allowListName}`,
    ],
    [
      'mixed.test',
      `refused: mixed.test resolves to a loopback address; allowed only when listed in ${allowListName}`,
    ],
    [
      'mapped.test',
      `refused: mapped.test resolves to a loopback address; allowed only when listed in ${allowListName}`,
    ],
  ])('refuses %s by what it resolves to, every answer counted', async (name, reason) => {
    const result = await fetcher.fetchPage(bed.url('/', name), { accept: 'html' });
    expect(result).toEqual({ ok: false, url: bed.url('/', name), reason });
    expect(bed.canary.connections()).toBe(0);
  });

  it.each([
    ['a literal', (port: number) => `http://127.0.0.1:${port}/`, `refused: 127.0.0.1 ${loopbackRefusal}`],
    ['a hex literal', (port: number) => `http://0x7f.1:${port}/`, `refused: 127.0.0.1 ${loopbackRefusal}`],
    [
      'a mapped IPv6',
      (port: number) => `http://[::ffff:127.0.0.1]:${port}/`,
      `refused: ::ffff:7f00:1 ${loopbackRefusal}`,
    ],
    [
      'a name',
      (port: number) => `http://canary.test:${port}/`,
      `refused: canary.test resolves to a loopback address; allowed only when listed in ${allowListName}`,
    ],
  ])(
    'refuses a redirect to the canary by %s, after fetching the allowed page',
    async (_form, target, reason) => {
      const to = target(bed.port);
      const before = bed.requests.length;
      const result = await fetcher.fetchPage(bed.url(`/redirect?to=${encodeURIComponent(to)}`), {
        accept: 'html',
      });
      expect(result).toMatchObject({ ok: false, reason, finalUrl: new URL(to).href });
      expect(bed.requests.length - before).toBe(1);
      expect(bed.canary.connections()).toBe(0);
    },
  );

  it('pins each connection to the address it checked: a rebinding name never reaches the canary', async () => {
    let answers = 0;
    // The first answer is the allowed site; every later one is the canary.
    bed.names.set('rebind.test', (type) =>
      type === 'A' ? [answers++ === 0 ? siteAddress : '127.0.0.1'] : [],
    );
    const first = await fetcher.fetchPage(bed.url('/', 'rebind.test'), { accept: 'html' });
    expect(first).toMatchObject({ ok: true, body: '<p>ok</p>' });
    // One lookup for that connection: nothing resolved the name again to connect.
    expect(
      bed.dns.queries().filter((query) => query.name === 'rebind.test' && query.type === 'A'),
    ).toHaveLength(1);
    expect(bed.requests.at(-1)?.host).toBe(`rebind.test:${bed.port}`);

    // The site closed that connection; the next one is resolved and checked anew, and refused.
    const second = await fetcher.fetchPage(bed.url('/', 'rebind.test'), { accept: 'html' });
    expect(second).toMatchObject({
      ok: false,
      reason: `refused: rebind.test resolves to a loopback address; allowed only when listed in ${allowListName}`,
    });
    const viaRedirect = await fetcher.fetchPage(
      bed.url(`/redirect?to=${encodeURIComponent(bed.url('/', 'rebind.test'))}`),
      { accept: 'html' },
    );
    expect(viaRedirect).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^refused: rebind.test resolves to a loopback/),
    });
    expect(bed.canary.connections()).toBe(0);
  });

  it.each([
    [
      'credentials',
      (port: number) => `http://user:pw@site.test:${port}/`,
      'refused: URLs with credentials (user:password@) are not allowed',
    ],
    ['a port not allowed', () => 'http://site.test:6379/', `refused: port 6379 is not allowed`],
    ['the default port when not allowed', () => 'http://site.test/', `refused: port 80 is not allowed`],
    [
      'another scheme',
      () => 'gopher://site.test:70/',
      'refused: gopher: URLs are not allowed; only http and https',
    ],
  ])('refuses %s without even asking DNS', async (_case, url, reason) => {
    const asked = bed.dns.queries().length;
    const result = await fetcher.fetchPage(url(bed.port), { accept: 'html' });
    expect(!result.ok && result.reason).toContain(reason);
    expect(bed.dns.queries()).toHaveLength(asked);
  });
});

describe('createPageFetcher: TLS on a pinned connection', () => {
  let bed: FetchTestBed;
  let server: Server;
  let port: number;
  let cert: Buffer;
  const seen: { servername: string | false | null; host: string | undefined }[] = [];

  beforeAll(async () => {
    bed = await startFetchTestBed();
    // A certificate for secure.test only, made for this run (openssl, as on the CI machine).
    const dir = mkdtempSync(join(tmpdir(), 'fetch-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=secure.test',
        '-addext',
        'subjectAltName=DNS:secure.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'));
    const key = readFileSync(join(dir, 'key.pem'));
    rmSync(dir, { recursive: true });
    server = createServer({ cert, key }, (req, res) => {
      seen.push({ servername: (req.socket as TLSSocket).servername, host: req.headers.host });
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>secure</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, siteAddress, resolve));
    port = (server.address() as AddressInfo).port;
    bed.names.set('secure.test', [siteAddress]);
    bed.names.set('impostor.test', [siteAddress]);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bed.close();
  });

  it('connects to the checked address yet sends the name as SNI and Host, and verifies the certificate for it', async () => {
    const fetcher = bed.fetcher({ allowedPorts: [port], ca: cert });
    await expect(
      fetcher.fetchPage(`https://secure.test:${port}/`, { accept: 'html' }),
    ).resolves.toMatchObject({
      ok: true,
      body: '<p>secure</p>',
    });
    expect(seen).toEqual([{ servername: 'secure.test', host: `secure.test:${port}` }]);
    await expect(
      fetcher.fetchPage(`https://impostor.test:${port}/`, { accept: 'html' }),
    ).resolves.toMatchObject({
      ok: false,
      reason: 'TLS: ERR_TLS_CERT_ALTNAME_INVALID',
    });
    await expect(
      fetcher.fetchPage(`https://${siteAddress}:${port}/`, { accept: 'html' }),
    ).resolves.toMatchObject({
      ok: false,
      reason: 'TLS: ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('trusts only the system’s CAs unless told otherwise', async () => {
    const fetcher = bed.fetcher({ allowedPorts: [port] });
    const result = await fetcher.fetchPage(`https://secure.test:${port}/`, { accept: 'html' });
    expect(!result.ok && result.reason).toMatch(/^TLS: /);
  });
});
