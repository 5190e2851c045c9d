// API-key verification cached in the gateway (API_KEY_CACHE_SECONDS): two gateway replicas over one
// database, each with its own cache. A key revoked with DELETE /api/keys/:id is refused at once by
// the replica that revoked it and by the other within the cache's TTL. The caches read a fake
// clock: nothing sleeps.
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@coldreach/observability';
import { cacheApiKeys, createTenancyStore } from '@coldreach/tenancy';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

jest.setTimeout(60_000);

const ttlMs = 5_000;
let now = 1_700_000_000_000;
const clock = () => now;

let h: GatewayHarness;
let replicas: FastifyInstance[];
beforeAll(async () => {
  h = await startGatewayHarness();
  replicas = await Promise.all(
    ['one', 'two'].map((name) =>
      buildGatewayApp({
        ...h.deps,
        logger: createLogger({ name: `gateway-${name}`, level: 'silent' }),
        tenancy: cacheApiKeys(createTenancyStore(h.gatewayDb), { ttlMs, now: clock }),
        readinessChecks: [],
      }),
    ),
  );
}, 60_000);
afterAll(async () => {
  for (const replica of replicas ?? []) await replica.close();
  await h?.close();
});

const leads = (replica: FastifyInstance, key: string) =>
  replica
    .inject({ method: 'GET', url: '/api/leads', headers: { authorization: `Bearer ${key}` } })
    .then((response) => response.statusCode);

it('refuses a revoked key at once on the revoking replica and within the TTL on the other', async () => {
  const [one, two] = replicas as [FastifyInstance, FastifyInstance];
  const tenant = await h.tenant('key cache');
  const { email, password } = await h.createUser(tenant.workspaceId, 'owner');
  const signIn = await one.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
  expect(signIn.statusCode).toBe(200);
  const cookie = String(signIn.headers['set-cookie']).split(';')[0] as string;
  const csrf = signIn.json<{ csrfToken: string }>().csrfToken;

  expect(await leads(one, tenant.key)).toBe(200);
  expect(await leads(two, tenant.key)).toBe(200);
  const revoked = await one.inject({
    method: 'DELETE',
    url: `/api/keys/${tenant.keyId}`,
    headers: { cookie, 'x-csrf-token': csrf },
  });
  expect(revoked.statusCode).toBe(204);
  expect(await leads(one, tenant.key)).toBe(401);

  // The other replica answered from its cache a moment ago: it may accept the key until the TTL…
  now += ttlMs - 1;
  expect(await leads(two, tenant.key)).toBe(200);
  // …and not a millisecond longer.
  now += 1;
  expect(await leads(two, tenant.key)).toBe(401);
  expect(await leads(one, tenant.key)).toBe(401);
});
