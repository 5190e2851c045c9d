import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { ClientInputSchema, UpsertOutcome, VerificationStatus } from '@coldreach/contracts';
import {
  backends,
  newWorkspace,
  rowsPerShard,
  shardCount,
  startHarness,
  type Harness,
} from '../test/client-service-harness';
import { deriveClientId } from './domain/client-id';

// Same email → same id → one row on exactly the shard that id routes to; UpsertClients merges into it.
jest.setTimeout(60_000);

type InputFields = MessageInitShape<typeof ClientInputSchema>;
const input = (fields: InputFields) => create(ClientInputSchema, fields);

describe.each(backends)('Deduplication and merging on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => (h = await startHarness(backend)));
  afterAll(() => h?.stop());
  const total = async (workspaceId: string) =>
    (await rowsPerShard(h.shards, workspaceId)).reduce((a, b) => a + b, 0);

  it('stores an address once, on the shard its id routes to', async () => {
    const workspaceId = newWorkspace();
    const used = new Set<number>();
    let created = 0;
    // Enough addresses that every shard gets some (which ones do depends on the random workspace).
    for (let i = 0; i < 9 || used.size < shardCount; i++) {
      const email = `person${i}@example.com`;
      const { client } = await h.rpc.createClient({
        workspaceId,
        client: input({ email: email.toUpperCase() }),
      });
      expect(client!.id).toBe(deriveClientId(workspaceId, email));
      const { results } = await h.rpc.upsertClients({
        workspaceId,
        clients: [input({ email: ` ${email} ` })],
      });
      expect(results[0]).toMatchObject({ outcome: UpsertOutcome.MERGED, clientId: client!.id });
      const expected = Array.from({ length: shardCount }, (_, index) =>
        index === h.shards.indexFor(client!.id) ? 1 : 0,
      );
      expect(await rowsPerShard(h.shards, workspaceId, email)).toEqual(expected);
      used.add(h.shards.indexFor(client!.id));
      created++;
    }
    const perShard = await rowsPerShard(h.shards, workspaceId);
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(created);
    expect(perShard.every((n) => n > 0)).toBe(true);
  });

  it('upserts new, repeated, existing and invalid items, each with its outcome', async () => {
    const workspaceId = newWorkspace();
    const { client: existing } = await h.rpc.createClient({
      workspaceId,
      client: input({
        email: 'existing@example.com',
        firstName: 'Old',
        company: 'OldCo',
        verificationStatus: VerificationStatus.VALID,
        tags: ['a'],
        customFields: { plan: 'free', city: 'Berlin' },
      }),
    });
    const { results } = await h.rpc.upsertClients({
      workspaceId,
      clients: [
        input({ email: 'new@example.com', firstName: 'New', tags: ['x'] }),
        input({
          email: ' EXISTING@example.com',
          company: 'NewCo',
          tags: ['b', 'a'],
          customFields: { plan: 'pro' },
        }),
        input({ email: 'not-an-email' }),
        input({
          email: 'New@Example.com',
          lastName: 'One',
          tags: ['y'],
          verificationStatus: VerificationStatus.RISKY,
        }),
        input({ email: 'ok@example.com', customFields: { 'bad key': 'x' } }),
      ],
    });
    const newId = deriveClientId(workspaceId, 'new@example.com');
    expect(results.map((r) => [r.index, UpsertOutcome[r.outcome], r.clientId])).toEqual([
      [0, 'CREATED', newId],
      [1, 'MERGED', existing!.id],
      [2, 'REJECTED', ''],
      [3, 'MERGED', newId],
      [4, 'REJECTED', ''],
    ]);
    expect(results[2]!.reason).toMatch(/^email: /);
    expect(results[4]!.reason).toContain('custom_fields.bad key');

    const merged = (await h.rpc.getClient({ workspaceId, id: existing!.id })).client!;
    expect(merged).toMatchObject({
      firstName: 'Old',
      company: 'NewCo',
      verificationStatus: VerificationStatus.VALID,
      tags: ['a', 'b'],
      customFields: { plan: 'pro', city: 'Berlin' },
      createTime: existing!.createTime,
    });
    const fresh = (await h.rpc.getClient({ workspaceId, id: newId })).client!;
    expect(fresh).toMatchObject({
      firstName: 'New',
      lastName: 'One',
      tags: ['x', 'y'],
      verificationStatus: VerificationStatus.RISKY,
    });
    expect(await total(workspaceId)).toBe(2);

    const again = await h.rpc.upsertClients({
      workspaceId,
      clients: [input({ email: 'existing@example.com', verificationStatus: VerificationStatus.INVALID })],
    });
    expect(again.results[0]!.outcome).toBe(UpsertOutcome.MERGED);
    const after = (await h.rpc.getClient({ workspaceId, id: existing!.id })).client!;
    expect(after).toMatchObject({
      verificationStatus: VerificationStatus.INVALID,
      company: 'NewCo',
      firstName: 'Old',
    });
  });
});
