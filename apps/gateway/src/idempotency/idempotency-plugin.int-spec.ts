// Idempotency-Key on POSTs, through the real Client service behind the gateway (creating a lead is
// the effect counted), with the keys in the gateway's real PostgreSQL database.
import { ClientService } from '@coldreach/contracts';
import { createGrpcClient } from '@coldreach/grpc';
import type { IdempotencyStore } from '@coldreach/idempotency';
import { queryRows } from '@coldreach/db';
import { waitFor } from '@coldreach/testing';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

jest.setTimeout(30_000);

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

const unique = () => Math.random().toString(36).slice(2);
const withKey = (key: string) => ({ 'idempotency-key': key });

async function post(t: Tenant, key: string, body: unknown, url = '/api/leads') {
  return h.call('POST', url, { key: t.key, body, headers: withKey(key) });
}

describe('Idempotency-Key', () => {
  it('replays the first response byte for byte and creates the lead once', async () => {
    const t = await h.tenant();
    const key = `create-${unique()}`;
    const body = { email: 'once@example.com', firstName: 'Once', tags: ['a', 'b'] };
    const first = await post(t, key, body);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();

    // The same JSON with its keys in another order is the same request.
    const again = await post(t, key, { tags: ['a', 'b'], firstName: 'Once', email: 'once@example.com' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    // Without the key the same body is a new request: the email exists now.
    expect((await h.call('POST', '/api/leads', { key: t.key, body })).statusCode).toBe(409);
    expect(await h.countLeads(t.workspaceId)).toBe(1);
  });

  it('refuses the key for a different body or path with 422, changing nothing', async () => {
    const t = await h.tenant();
    const key = `reuse-${unique()}`;
    expect((await post(t, key, { email: 'first@example.com' })).statusCode).toBe(201);
    const otherBody = await post(t, key, { email: 'second@example.com' });
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(otherBody.json()).toMatchObject({
      status: 422,
      type: 'urn:coldreach:problem:idempotency-key-reused',
    });
    const otherPath = await post(t, key, { email: 'first@example.com' }, '/api/campaigns');
    expect(otherPath.statusCode).toBe(422);
    expect(await h.countLeads(t.workspaceId)).toBe(1);
  });

  it('answers 409 while the first request with the key is still running, then replays it', async () => {
    const t = await h.tenant();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The real store; only the first request's completion is held back, so it is still running.
    const store: IdempotencyStore = {
      ...h.deps.idempotency,
      complete: async (claim, response) => {
        await gate;
        return h.deps.idempotency.complete(claim, response);
      },
    };
    const app = await buildGatewayApp({ ...h.deps, idempotency: store });
    try {
      const send = () =>
        app.inject({
          method: 'POST',
          url: '/api/leads',
          headers: {
            authorization: `Bearer ${t.key}`,
            'idempotency-key': 'busy',
            'content-type': 'application/json',
          },
          payload: JSON.stringify({ email: 'busy@example.com' }),
        });
      const first = send();
      // The first holds the key (its lead is created, its answer not yet recorded).
      await waitFor(async () => (await h.countLeads(t.workspaceId)) === 1, {
        what: 'the first request to run',
      });
      const second = await send();
      expect(second.statusCode).toBe(409);
      expect(second.json()).toMatchObject({ type: 'urn:coldreach:problem:idempotency-key-in-use' });
      release();
      expect((await first).statusCode).toBe(201);
      const third = await send();
      expect(third.statusCode).toBe(201);
      expect(third.headers['idempotency-replayed']).toBe('true');
      expect(await h.countLeads(t.workspaceId)).toBe(1);
    } finally {
      release();
      await app.close();
    }
  });

  it('lets exactly one of many concurrent requests with one key run', async () => {
    const t = await h.tenant();
    const key = `race-${unique()}`;
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post(t, key, { email: 'race@example.com' })),
    );
    const ran = responses.filter((r) => r.statusCode === 201 && !r.headers['idempotency-replayed']);
    expect(ran).toHaveLength(1);
    for (const response of responses.filter((r) => r !== ran[0])) {
      expect([409, 201]).toContain(response.statusCode);
      if (response.statusCode === 201) expect(response.body).toBe(ran[0]?.body);
    }
    expect(await h.countLeads(t.workspaceId)).toBe(1);
  });

  it('stores a 4xx answer and replays it', async () => {
    const t = await h.tenant();
    const key = `bad-${unique()}`;
    const first = await post(t, key, { email: 'not-an-email' });
    expect(first.statusCode).toBe(400);
    const again = await post(t, key, { email: 'not-an-email' });
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
  });

  it('releases the key after a 5xx, so the retry runs', async () => {
    const t = await h.tenant();
    const key = `outage-${unique()}`;
    const down = await buildGatewayApp({
      ...h.deps,
      clients: createGrpcClient(ClientService, { baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 }),
    });
    try {
      const failed = await down.inject({
        method: 'POST',
        url: '/api/leads',
        headers: {
          authorization: `Bearer ${t.key}`,
          'idempotency-key': key,
          'content-type': 'application/json',
        },
        payload: JSON.stringify({ email: 'retry@example.com' }),
      });
      expect(failed.statusCode).toBe(503);
    } finally {
      await down.close();
    }
    const retried = await post(t, key, { email: 'retry@example.com' });
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotency-replayed']).toBeUndefined();
    expect(await h.countLeads(t.workspaceId)).toBe(1);
  });

  it('scopes keys to the workspace', async () => {
    const [one, two] = [await h.tenant(), await h.tenant()];
    expect((await post(one, 'shared-key', { email: 'one@example.com' })).statusCode).toBe(201);
    const other = await post(two, 'shared-key', { email: 'two@example.com' });
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotency-replayed']).toBeUndefined();
  });

  it('forgets a key after 24 hours', async () => {
    const t = await h.tenant();
    const key = `old-${unique()}`;
    expect((await post(t, key, { email: 'old@example.com' })).statusCode).toBe(201);
    await h.gatewayDb.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 second' WHERE workspace_id = $1`,
      [t.workspaceId],
    );
    const fresh = await post(t, key, { email: 'new@example.com' });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotency-replayed']).toBeUndefined();
    expect(await h.countLeads(t.workspaceId)).toBe(2);
  });

  it.each([
    ['with a space', 'has space'],
    ['too long', 'k'.repeat(256)],
    ['with a control character', 'tab\there'],
    ['not ASCII', 'clé'],
  ])('refuses a key %s with a 400 naming the header', async (_what, key) => {
    const t = await h.tenant();
    const response = await post(t, key, { email: 'bad-key@example.com' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, errors: [{ field: 'headers.idempotency-key' }] });
    expect(await h.countLeads(t.workspaceId)).toBe(0);
  });

  it('is not used on GETs nor on the streamed import', async () => {
    const t = await h.tenant();
    const key = `import-${unique()}`;
    const get = await h.call('GET', '/api/leads', { key: t.key, headers: withKey(key) });
    expect(get.statusCode).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const imported = await h.call('POST', '/api/leads/import', {
        key: t.key,
        body: `email\nimport${i}@example.com\n`,
        headers: { 'content-type': 'text/csv', ...withKey(key) },
      });
      expect(imported.statusCode).toBe(200);
    }
    expect(await h.countLeads(t.workspaceId)).toBe(2);
    const rows = await queryRows(
      h.gatewayDb.manager,
      'SELECT 1 FROM idempotency_keys WHERE workspace_id = $1',
      [t.workspaceId],
    );
    expect(rows).toEqual([]);
  });
});
