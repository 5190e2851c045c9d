import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import type { Redis } from 'ioredis';
import { randomName, waitFor } from '@coldreach/testing';
import { closeRedisClient, createRedisClient, createRedisRateLimiter } from './index';

/** A self-signed certificate for 127.0.0.1, made with openssl for this run only. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cr-tls-'));
  try {
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
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Terminates TLS on loopback and pipes to the plain Redis, like a managed `rediss://` endpoint. */
async function startTlsProxy(credentials: { key: string; cert: string }) {
  const sockets = new Set<Socket>();
  let tlsSessions = 0;
  const server: Server = createServer(credentials, (secure) => {
    tlsSessions += 1;
    const plain = connect(6379, '127.0.0.1');
    for (const socket of [secure, plain]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        secure.destroy();
        plain.destroy();
      });
    }
    secure.pipe(plain).pipe(secure);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `rediss://127.0.0.1:${port}`,
    get tlsSessions() {
      return tlsSessions;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('createRedisClient with rediss:// (TLS)', () => {
  let credentials: { key: string; cert: string };
  let proxy: Awaited<ReturnType<typeof startTlsProxy>>;
  const clients: Redis[] = [];
  beforeAll(async () => {
    credentials = selfSignedCertificate();
    proxy = await startTlsProxy(credentials);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(closeRedisClient));
  });
  afterAll(() => proxy?.close());

  function track(client: Redis): Redis {
    clients.push(client);
    return client;
  }

  it('talks TLS, verifying the server against the given CA, and the limiter works through it', async () => {
    const redis = track(createRedisClient(proxy.url, { tlsCa: credentials.cert }));
    await waitFor(() => redis.status === 'ready', { what: 'Redis over TLS' });
    expect(proxy.tlsSessions).toBeGreaterThan(0);
    expect(await redis.ping()).toBe('PONG');

    const errors: Error[] = [];
    const limiter = createRedisRateLimiter(redis, {
      limit: 2,
      windowSeconds: 60,
      prefix: randomName('rl'),
      onError: (e) => errors.push(e),
    });
    const decisions = [await limiter.consume('k'), await limiter.consume('k'), await limiter.consume('k')];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(decisions[2]?.retryAfterSeconds).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('connects to a self-signed server when verification is explicitly off', async () => {
    const redis = track(createRedisClient(proxy.url, { tlsRejectUnauthorized: false }));
    await waitFor(() => redis.status === 'ready', { what: 'Redis over TLS' });
    expect(await redis.ping()).toBe('PONG');
  });

  it('verifies certificates by default: an untrusted server is refused', async () => {
    const errors: Error[] = [];
    const redis = track(createRedisClient(proxy.url, { onError: (e) => errors.push(e) }));
    await waitFor(() => errors.length > 0, { what: 'a TLS error' });
    expect(errors[0]?.message).toMatch(/self[- ]signed/i);
    expect(redis.status).not.toBe('ready');
    // The limiter keeps serving (fails open) and reports why.
    const limiterErrors: Error[] = [];
    const limiter = createRedisRateLimiter(redis, {
      limit: 1,
      windowSeconds: 60,
      prefix: randomName('rl'),
      onError: (e) => limiterErrors.push(e),
    });
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect(limiterErrors).toHaveLength(1);
  });

  it('refuses TLS options on a plain redis:// URL rather than silently ignore them', () => {
    expect(() => createRedisClient('redis://127.0.0.1:6379', { tlsCa: credentials.cert })).toThrow(
      /rediss:\/\//,
    );
    expect(() => createRedisClient('http://127.0.0.1:6379')).toThrow(/redis:\/\//);
  });
});
