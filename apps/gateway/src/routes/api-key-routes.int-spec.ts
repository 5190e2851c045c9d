// The workspace's API keys through the dashboard: owners mint and revoke, members and keys list.
import { startGatewayHarness, type GatewayHarness, type SignedIn } from '../test/gateway-harness';

jest.setTimeout(30_000);

let h: GatewayHarness;
let owner: SignedIn;
let member: SignedIn;
beforeAll(async () => {
  h = await startGatewayHarness();
  owner = await h.signIn(await h.createUser(h.a.workspaceId, 'owner'));
  member = await h.signIn(await h.createUser(h.a.workspaceId, 'member'));
}, 60_000);
afterAll(() => h?.close());

describe('API keys', () => {
  it('are minted by an owner, shown once, listed without the key, and stop working when revoked', async () => {
    const created = await h.sessionCall(owner, 'POST', '/api/keys', { body: { name: 'zapier' } });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^crk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: 'zapier',
      prefix: key.slice(0, 12),
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect((await h.call('GET', '/api/leads', { key })).statusCode).toBe(200);

    for (const lister of [
      () => h.sessionCall(member, 'GET', '/api/keys'),
      () => h.call('GET', '/api/keys'),
    ]) {
      const listed = await lister();
      expect(listed.statusCode).toBe(200);
      expect(listed.body).not.toContain(key);
      expect(listed.json().data.map((k: { id: string }) => k.id)).toEqual(
        expect.arrayContaining([h.a.keyId, apiKey.id]),
      );
    }

    const revoked = await h.sessionCall(owner, 'DELETE', `/api/keys/${apiKey.id}`);
    expect(revoked.statusCode).toBe(204);
    expect((await h.call('GET', '/api/leads', { key })).statusCode).toBe(401);
    const after = (await h.call('GET', '/api/keys'))
      .json()
      .data.find((k: { id: string }) => k.id === apiKey.id);
    expect(after.revokedAt).toEqual(expect.any(String));
  });

  it('cannot be minted or revoked by a member, nor by an API key (a leaked key must not mint keys)', async () => {
    const before = (await h.tenancy.listApiKeys(h.a.workspaceId)).length;
    const attempts = [
      await h.sessionCall(member, 'POST', '/api/keys', { body: { name: 'member' } }),
      await h.call('POST', '/api/keys', { body: { name: 'by key' } }),
      await h.sessionCall(member, 'DELETE', `/api/keys/${h.a.keyId}`),
      await h.call('DELETE', `/api/keys/${h.a.keyId}`),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ type: 'urn:coldreach:problem:forbidden' });
    }
    expect(await h.tenancy.listApiKeys(h.a.workspaceId)).toHaveLength(before);
    expect((await h.call('GET', '/api/leads')).statusCode).toBe(200);
  });

  it("answers 404 for another workspace's key, which keeps working", async () => {
    for (const id of [h.b.keyId, crypto.randomUUID(), 'nope']) {
      expect((await h.sessionCall(owner, 'DELETE', `/api/keys/${id}`)).statusCode).toBe(404);
    }
    expect((await h.call('GET', '/api/leads', { key: h.b.key })).statusCode).toBe(200);
    expect(
      (await h.sessionCall(owner, 'GET', '/api/keys')).json().data.map((k: { id: string }) => k.id),
    ).not.toContain(h.b.keyId);
  });

  it('refuses an empty name, and does not replay a key for an Idempotency-Key', async () => {
    const empty = await h.sessionCall(owner, 'POST', '/api/keys', { body: { name: '' } });
    expect(empty.statusCode).toBe(400);
    const headers = { 'idempotency-key': 'same-key' };
    const first = await h.sessionCall(owner, 'POST', '/api/keys', { body: { name: 'twice' }, headers });
    const second = await h.sessionCall(owner, 'POST', '/api/keys', { body: { name: 'twice' }, headers });
    expect(first.json().key).not.toBe(second.json().key);
    const stored = await h.gatewayDb.query('SELECT * FROM idempotency_keys');
    expect(JSON.stringify(stored)).not.toContain(first.json().key);
  });
});
