import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import {
  ClientInputSchema,
  ClientOrder,
  VerificationStatus,
  type Client,
  type ClientFilterSchema,
  type ClientInput,
} from '@coldreach/contracts';

type Filter = MessageInitShape<typeof ClientFilterSchema>;
import {
  backends,
  newWorkspace,
  rejection,
  rowsPerShard,
  startHarness,
  type Harness,
} from '../test/client-service-harness';

jest.setTimeout(120_000);

const statuses = [
  VerificationStatus.UNVERIFIED,
  VerificationStatus.VALID,
  VerificationStatus.RISKY,
  VerificationStatus.INVALID,
  VerificationStatus.UNKNOWN,
];

/** Client number i of the fixture: attributes vary with i so every filter selects a known subset. */
function fixture(i: number): ClientInput {
  return create(ClientInputSchema, {
    email: `person${i}@example.com`,
    firstName: `Person${i}`,
    // Literal % and _ must match only themselves; the "OXBrien 1000" rows catch unescaped wildcards.
    lastName: i % 10 === 0 ? 'O_Brien 100%' : i % 10 === 5 ? 'OXBrien 1000' : `Last${i}`,
    company: i % 4 === 0 ? (i % 8 === 0 ? 'acme corp' : 'ACME Corp') : `Company ${i}`,
    verificationStatus: statuses[i % statuses.length],
    tags: i % 3 === 0 ? ['vip', 'berlin'] : ['berlin'],
    sourceUrl: i % 5 === 0 ? 'https://Team.Example.org/people' : '',
  });
}

const key = (c: Client) => [timestampDate(c.createTime!).getTime(), c.id] as const;

/** Newest first, ties broken by id, descending: the order every listing must follow. */
function isNewestFirst(clients: Client[]): boolean {
  return clients.every((client, i) => {
    if (i === 0) return true;
    const [prevTime, prevId] = key(clients[i - 1]!);
    const [time, id] = key(client);
    return prevTime > time || (prevTime === time && prevId > id);
  });
}

describe.each(backends)('ListClients on $name', (backend) => {
  let h: Harness;
  const workspaceId = newWorkspace();
  let everyone: Client[];

  async function pages(
    filter: Filter,
    pageSize: number,
    between?: (page: number) => Promise<void>,
    order = ClientOrder.UNSPECIFIED,
  ) {
    const seen: Client[] = [];
    let pageToken = '';
    for (let page = 0; ; page++) {
      const response = await h.rpc.listClients({ workspaceId, pageSize, pageToken, filter, order });
      expect(response.clients.length).toBeLessThanOrEqual(pageSize);
      seen.push(...response.clients);
      if (!response.nextPageToken) return seen;
      expect(response.clients).toHaveLength(pageSize);
      pageToken = response.nextPageToken;
      await between?.(page);
    }
  }

  beforeAll(async () => {
    h = await startHarness(backend);
    // 40 one by one (distinct creation times), 80 in two batches (equal times: the id breaks ties).
    for (let i = 0; i < 40; i++) await h.rpc.createClient({ workspaceId, client: fixture(i) });
    for (const start of [40, 80]) {
      const clients = Array.from({ length: 40 }, (_, j) => fixture(start + j));
      await h.rpc.upsertClients({ workspaceId, clients });
    }
    everyone = (await h.rpc.listClients({ workspaceId, pageSize: 500 })).clients;
  });
  afterAll(() => h?.stop());

  it('lists every client once, newest first, from every shard', async () => {
    expect(everyone).toHaveLength(120);
    expect(new Set(everyone.map((c) => c.id)).size).toBe(120);
    expect(isNewestFirst(everyone)).toBe(true);
    const perShard = await rowsPerShard(h.shards, workspaceId);
    expect(perShard.every((n) => n > 0)).toBe(true);
  });

  it('pages through with no duplicates or gaps, even while clients are added', async () => {
    let added = 0;
    const paged = await pages({}, 7, async (page) => {
      // Newer clients sort before the cursor, so they must not shift the pages still to come.
      if (page === 2) {
        for (let i = 0; i < 5; i++) await h.rpc.createClient({ workspaceId, client: fixture(1000 + i) });
        added = 5;
      }
    });
    expect(added).toBe(5);
    expect(paged.map((c) => c.id)).toEqual(everyone.map((c) => c.id));
    const { clients: now } = await h.rpc.listClients({ workspaceId, pageSize: 500 });
    expect(now).toHaveLength(125);
  });

  it.each<[string, Filter, (c: Client) => boolean]>([
    [
      'statuses',
      { verificationStatuses: [VerificationStatus.VALID, VerificationStatus.RISKY] },
      (c) => [VerificationStatus.VALID, VerificationStatus.RISKY].includes(c.verificationStatus),
    ],
    ['tag', { tag: 'vip' }, (c) => c.tags.includes('vip')],
    ['company, case-insensitively', { company: 'Acme CORP' }, (c) => c.company.toLowerCase() === 'acme corp'],
    ['query over names', { query: 'PERSON1' }, (c) => c.firstName.toLowerCase().includes('person1')],
    ['query with literal wildcards', { query: '_brien 100%' }, (c) => c.lastName === 'O_Brien 100%'],
    ['query over email and company', { query: 'corp' }, (c) => c.company.toLowerCase().includes('corp')],
    ['source URL, case-insensitively', { source: 'team.EXAMPLE' }, (c) => c.sourceUrl !== ''],
    [
      'several at once',
      { tag: 'vip', verificationStatuses: [VerificationStatus.UNVERIFIED], query: 'person' },
      (c) => c.tags.includes('vip') && c.verificationStatus === VerificationStatus.UNVERIFIED,
    ],
  ])('filters by %s across pages', async (_name, filter, matches) => {
    const listed = await h.rpc.listClients({ workspaceId, pageSize: 500 });
    const expected = listed.clients.filter(matches).map((c) => c.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(listed.clients.length);
    const paged = await pages(filter, 7);
    expect(paged.map((c) => c.id)).toEqual(expected);
  });

  it('pages oldest first with no duplicates or gaps, and refuses a newest-first token', async () => {
    const { clients: all } = await h.rpc.listClients({ workspaceId, pageSize: 500 });
    const oldest = await pages({ tag: 'berlin' }, 9, undefined, ClientOrder.OLDEST_FIRST);
    expect(oldest.map((c) => c.id)).toEqual(all.map((c) => c.id).reverse());
    const first = await h.rpc.listClients({ workspaceId, pageSize: 7, filter: { tag: 'berlin' } });
    const fields = await rejection(
      h.rpc.listClients({
        workspaceId,
        pageSize: 7,
        pageToken: first.nextPageToken,
        filter: { tag: 'berlin' },
        order: ClientOrder.OLDEST_FIRST,
      }),
      Code.InvalidArgument,
    );
    expect(fields).toEqual(['page_token']);
  });

  it('refuses a page token used with another filter', async () => {
    const first = await h.rpc.listClients({ workspaceId, pageSize: 7, filter: { tag: 'vip' } });
    const fields = await rejection(
      h.rpc.listClients({
        workspaceId,
        pageSize: 7,
        pageToken: first.nextPageToken,
        filter: { tag: 'berlin' },
      }),
      Code.InvalidArgument,
    );
    expect(fields).toEqual(['page_token']);
  });

  it('uses 50 when no page size is given and caps it at 500', async () => {
    const { clients, nextPageToken } = await h.rpc.listClients({ workspaceId });
    expect(clients).toHaveLength(50);
    expect(nextPageToken).not.toBe('');
    expect((await h.rpc.listClients({ workspaceId, pageSize: 100_000 })).clients.length).toBeLessThanOrEqual(
      500,
    );
  });
});
