import { randomUUID } from 'node:crypto';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { FieldMaskSchema, timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import { ClientInputSchema, VerificationStatus } from '@coldreach/contracts';
import {
  backends,
  newWorkspace,
  rejection,
  rowsPerShard,
  startHarness,
  type Harness,
} from '../test/client-service-harness';
import { deriveClientId } from './domain/client-id';

jest.setTimeout(60_000);

type InputFields = MessageInitShape<typeof ClientInputSchema>;
const input = (fields: InputFields) => create(ClientInputSchema, fields);
const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });

describe.each(backends)('ClientService on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => (h = await startHarness(backend)));
  afterAll(() => h?.stop());
  const total = async (workspaceId: string) =>
    (await rowsPerShard(h.shards, workspaceId)).reduce((a, b) => a + b, 0);

  it('creates, gets, updates and deletes a client', async () => {
    const workspaceId = newWorkspace();
    const collectedAt = new Date('2024-03-01T09:30:00.250Z');
    const { client: created } = await h.rpc.createClient({
      workspaceId,
      client: input({
        email: '  Jane.Doe@Example.com ',
        firstName: 'Jane',
        lastName: 'Doe',
        company: 'Acme',
        title: 'CTO',
        phone: '+1 555 0100',
        website: 'acme.com',
        sourceUrl: 'https://acme.com/team',
        collectedAt: timestampFromDate(collectedAt),
        tags: ['vip', ' berlin '],
        customFields: { plan: 'pro' },
      }),
    });
    expect(created).toMatchObject({
      id: deriveClientId(workspaceId, 'jane.doe@example.com'),
      workspaceId,
      email: 'jane.doe@example.com',
      verificationStatus: VerificationStatus.UNVERIFIED,
      tags: ['vip', 'berlin'],
      customFields: { plan: 'pro' },
    });
    const id = created!.id;
    const { client: fetched } = await h.rpc.getClient({ workspaceId, id: id.toUpperCase() });
    expect(fetched).toEqual(created);
    expect(timestampDate(fetched!.collectedAt!)).toEqual(collectedAt);

    const { client: updated } = await h.rpc.updateClient({
      workspaceId,
      id,
      client: input({
        firstName: 'Janet',
        company: 'not in the mask',
        title: '',
        tags: ['new'],
        verificationStatus: VerificationStatus.VALID,
        customFields: { tier: 'gold' },
      }),
      updateMask: mask('first_name', 'title', 'tags', 'verification_status', 'custom_fields', 'collected_at'),
    });
    expect(updated).toMatchObject({
      firstName: 'Janet',
      company: 'Acme',
      title: '',
      tags: ['new'],
      verificationStatus: VerificationStatus.VALID,
      customFields: { tier: 'gold' },
    });
    // A masked field left empty is cleared.
    expect(updated!.collectedAt).toBeUndefined();
    expect((await h.rpc.getClient({ workspaceId, id })).client).toEqual(updated);
    expect(timestampDate(updated!.updateTime!).getTime()).toBeGreaterThanOrEqual(
      timestampDate(created!.updateTime!).getTime(),
    );
    expect(updated!.createTime).toEqual(created!.createTime);

    await h.rpc.deleteClient({ workspaceId, id });
    await rejection(h.rpc.getClient({ workspaceId, id }), Code.NotFound);
    await rejection(h.rpc.deleteClient({ workspaceId, id }), Code.NotFound);
    expect(await total(workspaceId)).toBe(0);
  });

  it('answers ALREADY_EXISTS for an address already there, however it is written', async () => {
    const workspaceId = newWorkspace();
    await h.rpc.createClient({ workspaceId, client: input({ email: 'sam@example.com', firstName: 'Sam' }) });
    const fields = await rejection(
      h.rpc.createClient({ workspaceId, client: input({ email: ' SAM@Example.COM' }) }),
      Code.AlreadyExists,
    );
    expect(fields).toEqual(['client.email']);
    const { clients } = await h.rpc.listClients({ workspaceId });
    expect(clients.map((c) => [c.email, c.firstName])).toEqual([['sam@example.com', 'Sam']]);
  });

  it('batch-gets in the order asked, reporting unknown and foreign ids as missing', async () => {
    const [workspaceId, other] = [newWorkspace(), newWorkspace()];
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      ids.push(
        (await h.rpc.createClient({ workspaceId, client: input({ email: `${name}@example.com` }) })).client!
          .id,
      );
    }
    const foreign = (
      await h.rpc.createClient({ workspaceId: other, client: input({ email: 'a@example.com' }) })
    ).client!.id;
    const unknown = randomUUID();
    const response = await h.rpc.batchGetClients({
      workspaceId,
      ids: [ids[2]!, unknown, ids[0]!.toUpperCase(), foreign, ids[1]!],
    });
    expect(response.clients.map((c) => c.id)).toEqual([ids[2], ids[0], ids[1]]);
    expect(response.missingIds).toEqual([unknown, foreign]);
    expect(
      await rejection(h.rpc.batchGetClients({ workspaceId, ids: ['nope'] }), Code.InvalidArgument),
    ).toEqual(['ids[0]']);
    const tooMany = Array.from({ length: 1001 }, () => randomUUID());
    expect(
      await rejection(h.rpc.batchGetClients({ workspaceId, ids: tooMany }), Code.InvalidArgument),
    ).toEqual(['ids']);
  });

  it("answers NOT_FOUND for another workspace's client and leaves it unchanged", async () => {
    const [mine, theirs] = [newWorkspace(), newWorkspace()];
    const { client: original } = await h.rpc.createClient({
      workspaceId: theirs,
      client: input({ email: 'secret@example.com', firstName: 'Kept' }),
    });
    const id = original!.id;
    await rejection(h.rpc.getClient({ workspaceId: mine, id }), Code.NotFound);
    await rejection(
      h.rpc.updateClient({
        workspaceId: mine,
        id,
        client: input({ firstName: 'Stolen' }),
        updateMask: mask('first_name'),
      }),
      Code.NotFound,
    );
    await rejection(h.rpc.deleteClient({ workspaceId: mine, id }), Code.NotFound);
    expect((await h.rpc.getClient({ workspaceId: theirs, id })).client).toEqual(original);
    expect((await h.rpc.listClients({ workspaceId: mine })).clients).toEqual([]);
  });

  it('refuses invalid input with field violations and writes nothing', async () => {
    const workspaceId = newWorkspace();
    const { client } = await h.rpc.createClient({
      workspaceId,
      client: input({ email: 'kept@example.com', firstName: 'Kept' }),
    });
    const id = client!.id;
    const bad = input({
      email: 'nope',
      website: 'not a site',
      customFields: { 'bad key': 'x' },
      verificationStatus: 42 as VerificationStatus,
    });
    expect(await rejection(h.rpc.createClient({ workspaceId, client: bad }), Code.InvalidArgument)).toEqual([
      'client.email',
      'client.website',
      'client.verification_status',
      'client.custom_fields.bad key',
    ]);
    expect(
      await rejection(
        h.rpc.createClient({ workspaceId: 'not-a-uuid', client: input({ email: 'x@example.com' }) }),
        Code.InvalidArgument,
      ),
    ).toEqual(['workspace_id']);
    expect(await rejection(h.rpc.getClient({ workspaceId, id: 'not-a-uuid' }), Code.InvalidArgument)).toEqual(
      ['id'],
    );
    const update = (paths: string[], fields: InputFields = {}) =>
      rejection(
        h.rpc.updateClient({ workspaceId, id, client: input(fields), updateMask: mask(...paths) }),
        Code.InvalidArgument,
      );
    expect(await update([])).toEqual(['update_mask']);
    expect(await update(['email'], { email: 'new@example.com' })).toEqual(['update_mask.paths[0]']);
    expect(await update(['first_name', 'nickname'])).toEqual(['update_mask.paths[1]']);
    expect(await update(['first_name', 'tags'], { firstName: 'x'.repeat(201), tags: [''] })).toEqual([
      'client.first_name',
      'client.tags[0]',
    ]);
    expect(await rejection(h.rpc.listClients({ workspaceId, pageSize: -1 }), Code.InvalidArgument)).toEqual([
      'page_size',
    ]);
    expect(
      await rejection(h.rpc.listClients({ workspaceId, pageToken: 'garbage' }), Code.InvalidArgument),
    ).toEqual(['page_token']);
    const tooMany = Array.from({ length: 1001 }, (_, i) => input({ email: `p${i}@example.com` }));
    expect(
      await rejection(h.rpc.upsertClients({ workspaceId, clients: tooMany }), Code.InvalidArgument),
    ).toEqual(['clients']);

    expect(await total(workspaceId)).toBe(1);
    expect((await h.rpc.getClient({ workspaceId, id })).client).toEqual(client);
  });
});
