// Signing in and out, the session cookie, CSRF, sign-in budgets and expiry, against the real gateway
// (PostgreSQL for users, the Client service for leads). Time is a clock handed to the sessions.
import type { FastifyInstance } from 'fastify';
import { createMemoryRateLimiter, createRedisClient } from '@coldreach/rate-limit';
import { randomName, testRedisUrl } from '@coldreach/testing';
import { buildGatewayApp, type GatewayDeps } from '../app';
import { buildAccounts, defaultAccountSettings } from '../auth/accounts';
import {
  createMemorySessionBackend,
  createRedisSessionBackend,
  createSessionStore,
} from '../auth/session-store';
import { startGatewayHarness, type GatewayHarness, type TestUser } from '../test/gateway-harness';

// Some tests build a second gateway (its route schemas compile in a few seconds on a busy machine).
jest.setTimeout(30_000);

let h: GatewayHarness;
let owner: TestUser;
beforeAll(async () => {
  h = await startGatewayHarness();
  owner = await h.createUser(h.a.workspaceId);
}, 60_000);
afterAll(() => h?.close());

const credentials = ({ email, password }: TestUser) => ({ email, password });

/** The harness's gateway with other sign-in budgets or sessions. */
async function withAccounts(
  accounts: Partial<NonNullable<GatewayDeps['accounts']>>,
  test: (app: FastifyInstance) => Promise<void>,
): Promise<void> {
  const app = await buildGatewayApp({
    ...h.deps,
    accounts: { ...h.deps.accounts!, ...accounts },
    readinessChecks: [],
  });
  try {
    await test(app);
  } finally {
    await app.close();
  }
}

const signInRequest = (body: object, headers: Record<string, string> = {}) =>
  h.call('POST', '/api/session', { key: null, body, headers });

describe('signing in and out', () => {
  it('answers the session with an HttpOnly, SameSite=Lax cookie; GET reads it; DELETE ends it', async () => {
    const response = await signInRequest({
      email: ` ${owner.email.toUpperCase()} `,
      password: owner.password,
    });
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(
      /^cr_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const session = response.json();
    expect(session).toEqual({
      user: { id: owner.userId, email: owner.email },
      workspace: { id: h.a.workspaceId, name: 'Workspace A', role: 'owner' },
      workspaces: [{ id: h.a.workspaceId, name: 'Workspace A', role: 'owner' }],
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
      idleTimeoutSeconds: 720 * 60,
    });
    const expiresIn = Date.parse(session.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(167 * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(168 * 3_600_000);

    const signedIn = { cookie: setCookie.split(';')[0]!, session };
    const read = await h.sessionCall(signedIn, 'GET', '/api/session', { csrf: false });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(session);
    // The session is a caller like a key: the workspace's leads.
    expect((await h.sessionCall(signedIn, 'GET', '/api/leads', { csrf: false })).statusCode).toBe(200);

    const out = await h.sessionCall(signedIn, 'DELETE', '/api/session');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(
      /^cr_session=; Max-Age=0; Path=\/; .*Expires=Thu, 01 Jan 1970/,
    );
    const after = await h.sessionCall(signedIn, 'GET', '/api/session', { csrf: false });
    expect(after.statusCode).toBe(401);
    expect((await h.sessionCall(signedIn, 'GET', '/api/leads')).statusCode).toBe(401);
  });

  it('answers a wrong email, a wrong password and a user in no workspace with one identical 401', async () => {
    const loner = await h.users.createUser(`loner-${Date.now()}@example.com`, 'a long enough password');
    const attempts = [
      { email: `nobody-${Date.now()}@example.com`, password: owner.password },
      { email: owner.email, password: `${owner.password}x` },
      { email: loner.email, password: 'a long enough password' },
    ];
    const bodies = new Set<string>();
    for (const attempt of attempts) {
      const response = await signInRequest(attempt);
      expect(response.statusCode).toBe(401);
      expect(response.headers['set-cookie']).toBeUndefined();
      bodies.add(response.body);
    }
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0]!)).toMatchObject({
      status: 401,
      detail: 'The email or password is wrong.',
    });
  });

  it('refuses GET /api/session without a cookie, with an unknown one, and to an API key', async () => {
    expect((await h.call('GET', '/api/session', { key: null })).statusCode).toBe(401);
    const unknown = { cookie: `cr_session=${'A'.repeat(43)}` };
    expect((await h.call('GET', '/api/session', { key: null, headers: unknown })).statusCode).toBe(401);
    const byKey = await h.call('GET', '/api/session');
    expect(byKey.statusCode).toBe(401);
    expect(byKey.json().detail).toMatch(/^Sign in first/);
  });

  it('keeps programs on their key: an Authorization header wins over a cookie', async () => {
    const signedIn = await h.signIn(owner);
    const other = await h.tenant('keys win');
    await h.createLead(other, 'key-wins@example.com');
    const response = await h.call('GET', '/api/leads', {
      key: other.key,
      headers: { cookie: signedIn.cookie },
    });
    expect(response.json().data.map((l: { email: string }) => l.email)).toEqual(['key-wins@example.com']);
    // A bad key is refused even with a good cookie: no falling back.
    const bad = await h.call('GET', '/api/leads', { key: 'crk_nope', headers: { cookie: signedIn.cookie } });
    expect(bad.statusCode).toBe(401);
  });
});

// The token with its last character changed (to another one: a token may already end in 'A').
const oneCharacterOff = (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

describe('CSRF', () => {
  it('refuses a state-changing request without the token, with a wrong one, or from another origin', async () => {
    const signedIn = await h.signIn(owner);
    const body = { email: 'csrf@example.com' };
    const refusals: Record<string, string>[] = [
      {},
      { 'x-csrf-token': 'wrong' },
      { 'x-csrf-token': oneCharacterOff(signedIn.session.csrfToken) },
      { 'x-csrf-token': signedIn.session.csrfToken, origin: 'https://evil.example' },
      { 'x-csrf-token': signedIn.session.csrfToken, origin: 'null' },
    ];
    for (const headers of refusals) {
      const response = await h.sessionCall(signedIn, 'POST', '/api/leads', { body, headers, csrf: false });
      expect({ headers, status: response.statusCode }).toEqual({ headers, status: 403 });
      expect(response.json()).toMatchObject({
        type: 'urn:coldreach:problem:csrf',
        detail: "This request lacks the session's CSRF token.",
      });
    }
    for (const method of ['DELETE', 'PATCH', 'PUT'] as const) {
      const url = method === 'PUT' ? '/api/session/workspace' : `/api/leads/${crypto.randomUUID()}`;
      expect((await h.sessionCall(signedIn, method, url, { body: {}, csrf: false })).statusCode).toBe(403);
    }
    expect(await h.countLeads(h.a.workspaceId)).toBe(0);

    // GET needs no token; with the token (and this origin, or none) the POST goes through.
    expect((await h.sessionCall(signedIn, 'GET', '/api/leads', { csrf: false })).statusCode).toBe(200);
    const created = await h.sessionCall(signedIn, 'POST', '/api/leads', {
      body,
      headers: { origin: 'http://localhost:80' },
    });
    expect(created.statusCode).toBe(201);
    expect(await h.countLeads(h.a.workspaceId)).toBe(1);
  });

  it('refuses a sign-in posted from another origin', async () => {
    const response = await signInRequest(credentials(owner), { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect((await signInRequest(credentials(owner), { origin: 'http://localhost' })).statusCode).toBe(200);
  });
});

describe('sign-in budgets', () => {
  const attempt = (app: FastifyInstance, remoteAddress: string, email: string, password = 'wrong password') =>
    app.inject({ method: 'POST', url: '/api/session', remoteAddress, payload: { email, password } });

  it('refuses an account after too many attempts, right password included, and leaves others alone', async () => {
    const target = await h.createUser(h.a.workspaceId, 'member');
    const signInPerAccount = createMemoryRateLimiter({ limit: 3, windowSeconds: 3600 });
    await withAccounts({ signInPerAccount }, async (app) => {
      // From three addresses: the account's budget is its own.
      for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
        expect((await attempt(app, address, target.email)).statusCode).toBe(401);
      const limited = await attempt(app, '192.0.2.4', target.email.toUpperCase(), target.password);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({
        type: 'urn:coldreach:problem:rate-limited',
        detail: expect.stringContaining('account may make 3 requests per hour'),
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['set-cookie']).toBeUndefined();
      expect((await attempt(app, '192.0.2.4', owner.email, owner.password)).statusCode).toBe(200);
    });
  });

  it('refuses a client address after too many attempts, whatever the account', async () => {
    const signInPerAddress = createMemoryRateLimiter({ limit: 2, windowSeconds: 60 });
    await withAccounts({ signInPerAddress }, async (app) => {
      expect((await attempt(app, '192.0.2.1', 'one@example.com')).statusCode).toBe(401);
      expect((await attempt(app, '192.0.2.1', 'two@example.com')).statusCode).toBe(401);
      const limited = await attempt(app, '192.0.2.1', owner.email, owner.password);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().detail).toContain('client address may make 2 requests per minute');
      expect((await attempt(app, '192.0.2.2', owner.email, owner.password)).statusCode).toBe(200);
    });
  });
});

describe('a signed-in caller', () => {
  it('spends a budget of its own per user, like a key, and replays an Idempotency-Key', async () => {
    const app = await buildGatewayApp({
      ...h.deps,
      rateLimiter: createMemoryRateLimiter({ limit: 3, windowSeconds: 60 }),
      readinessChecks: [],
    });
    try {
      const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: credentials(owner) });
      const headers = {
        cookie: String(signIn.headers['set-cookie']).split(';')[0]!,
        'x-csrf-token': signIn.json().csrfToken,
        'idempotency-key': 'one-lead',
      };
      const post = () =>
        app.inject({ method: 'POST', url: '/api/leads', headers, payload: { email: 'once@example.com' } });
      const first = await post();
      expect(first.statusCode).toBe(201);
      const again = await post();
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body).toBe(first.body);
      expect((await app.inject({ method: 'GET', url: '/api/session', headers })).statusCode).toBe(200);
      const limited = await app.inject({ method: 'GET', url: '/api/session', headers });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().detail).toContain('This user may make 3 requests per minute');
      // The workspace's keys have their own budgets.
      expect(
        (
          await app.inject({
            method: 'GET',
            url: '/api/leads',
            headers: { authorization: `Bearer ${h.a.key}` },
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('the cookie over https', () => {
  it('is Secure when a trusted proxy says the request came over https', async () => {
    const app = await buildGatewayApp({ ...h.deps, trustProxy: '127.0.0.1', readinessChecks: [] });
    try {
      const signIn = (headers: Record<string, string>) =>
        app.inject({ method: 'POST', url: '/api/session', headers, payload: credentials(owner) });
      const https = await signIn({ 'x-forwarded-proto': 'https' });
      expect(https.statusCode).toBe(200);
      expect(String(https.headers['set-cookie'])).toMatch(/; Secure/);
      const cookie = String(https.headers['set-cookie']).split(';')[0]!;
      const out = await app.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: {
          cookie,
          'x-csrf-token': https.json().csrfToken,
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'crm.example.com',
          origin: 'https://crm.example.com',
        },
      });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/; Secure/);
      expect(String((await signIn({})).headers['set-cookie'])).not.toMatch(/Secure/);
    } finally {
      await app.close();
    }
  });
});

describe('expiry', () => {
  let now = 0;
  const clock = () => now;
  // From the present on: a session begun before the user's sessions_valid_after would not count.
  beforeAll(() => (now = Date.now()));
  const minutes = (n: number) => (now += n * 60_000);
  const sessions = buildAccounts({
    users: undefined as never,
    backend: createMemorySessionBackend(clock),
    settings: { ...defaultAccountSettings, sessionIdleTimeoutMinutes: 30, sessionAbsoluteTimeoutHours: 2 },
    limiter: (_name, limit, windowSeconds) => createMemoryRateLimiter({ limit, windowSeconds }),
    now: clock,
  }).sessions;

  const signIn = async (app: FastifyInstance) => {
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: credentials(owner) });
    expect(response.statusCode).toBe(200);
    return String(response.headers['set-cookie']).split(';')[0]!;
  };
  const status = async (app: FastifyInstance, cookie: string) =>
    (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode;

  it('ends a session left idle for the idle timeout, and not one in use', async () => {
    await withAccounts({ sessions }, async (app) => {
      const cookie = await signIn(app);
      minutes(29);
      expect(await status(app, cookie)).toBe(200);
      minutes(29); // 58 minutes after signing in, but 29 after the last request
      expect(await status(app, cookie)).toBe(200);
      minutes(30);
      expect(await status(app, cookie)).toBe(401);
      // Gone for good, even if the clock went back.
      now -= 30 * 60_000;
      expect(await status(app, cookie)).toBe(401);
    });
  });

  it('ends a session at its absolute expiry however busy it is', async () => {
    await withAccounts({ sessions }, async (app) => {
      const cookie = await signIn(app);
      for (let elapsed = 20; elapsed <= 120; elapsed += 20) {
        minutes(20);
        const expected = elapsed < 120 ? 200 : 401;
        expect({ elapsed, status: await status(app, cookie) }).toEqual({ elapsed, status: expected });
      }
    });
  });
});

describe('sessions in Redis (connected mode)', () => {
  it('signs in, is read by another gateway replica, and signs out everywhere', async () => {
    const redis = createRedisClient(testRedisUrl);
    const prefix = randomName('gw_sessions');
    const sessions = createSessionStore(createRedisSessionBackend(redis, prefix), {
      idleTimeoutMs: 60 * 60_000,
      absoluteTimeoutMs: 24 * 3_600_000,
    });
    try {
      await withAccounts({ sessions }, async (first) => {
        await withAccounts({ sessions }, async (second) => {
          const signedIn = await first.inject({
            method: 'POST',
            url: '/api/session',
            payload: credentials(owner),
          });
          expect(signedIn.statusCode).toBe(200);
          const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
          expect(await redis.keys(`${prefix}:*`)).toHaveLength(1);
          const read = await second.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
          expect(read.json().user.email).toBe(owner.email);
          const out = await second.inject({
            method: 'DELETE',
            url: '/api/session',
            headers: { cookie, 'x-csrf-token': signedIn.json().csrfToken },
          });
          expect(out.statusCode).toBe(204);
          expect(await redis.keys(`${prefix}:*`)).toHaveLength(0);
          expect(
            (await first.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode,
          ).toBe(401);
        });
      });
    } finally {
      redis.disconnect();
    }
  });
});

describe('logs', () => {
  it('never hold a password, a session id, a CSRF token or a cookie', async () => {
    const before = h.logs.length;
    const signedIn = await h.signIn(owner);
    await h.sessionCall(signedIn, 'GET', '/api/session');
    await h.sessionCall(signedIn, 'POST', '/api/leads', { body: { email: 'logs@example.com' }, csrf: false });
    await signInRequest({ email: owner.email, password: 'a wrong password' });
    await h.sessionCall(signedIn, 'DELETE', '/api/session');
    const text = h.logs.slice(before).join('\n');
    expect(text).toContain('/api/session');
    for (const secret of [
      owner.password,
      signedIn.cookie.slice(11),
      signedIn.session.csrfToken,
      'a wrong password',
    ])
      expect(text).not.toContain(secret);
    expect(text.toLowerCase()).not.toMatch(/set-cookie|"cookie"|cr_session=/);
  });
});
