import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';
import type { Lead } from '../mapping/lead-mapping';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

describe('listing across shards', () => {
  let t: Tenant;
  const statuses = ['valid', 'risky', 'invalid', 'unknown', 'unverified'] as const;
  beforeAll(async () => {
    t = await h.tenant();
    for (let i = 0; i < 60; i++) {
      const response = await h.call('POST', '/api/leads', {
        key: t.key,
        body: {
          email: `person${i}@example${i % 4}.com`,
          firstName: i % 10 === 0 ? 'Zelda' : `First${i}`,
          company: i % 3 === 0 ? 'Acme' : 'Globex',
          verificationStatus: statuses[i % statuses.length],
          tags: i % 2 === 0 ? ['even'] : ['odd'],
        },
      });
      expect(response.statusCode).toBe(201);
    }
  }, 60_000);

  async function allPages(query: string, limit: number): Promise<Lead[]> {
    const leads: Lead[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/leads?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await h.call('GET', url, { key: t.key });
      expect(response.statusCode).toBe(200);
      const page = response.json<{ data: Lead[]; nextCursor: string | null }>();
      expect(page.data.length).toBeLessThanOrEqual(limit);
      leads.push(...page.data);
      cursor = page.nextCursor;
      expect(++pages).toBeLessThan(100);
    } while (cursor);
    return leads;
  }

  it('pages through every lead once, newest first, though they live on both shards', async () => {
    const perShard = await Promise.all(
      h.shards.shards.map(async (shard) =>
        Number(
          (
            (await shard.query('SELECT count(*)::int AS n FROM clients WHERE workspace_id = $1', [
              t.workspaceId,
            ])) as { n: number }[]
          )[0]?.n,
        ),
      ),
    );
    expect(perShard.every((n) => n > 0)).toBe(true);

    const leads = await allPages('', 7);
    expect(leads).toHaveLength(60);
    expect(new Set(leads.map((l) => l.id)).size).toBe(60);
    const oneGo = (await h.call('GET', '/api/leads?limit=500', { key: t.key })).json<{ data: Lead[] }>().data;
    expect(leads.map((l) => l.id)).toEqual(oneGo.map((l) => l.id));
    const created = leads.map((l) => Date.parse(l.createdAt));
    expect(created).toEqual([...created].sort((x, y) => y - x));
  });

  it('filters by status, tag, company and text, also across pages', async () => {
    const validOrRisky = await allPages('&status=valid,risky', 4);
    expect(validOrRisky).toHaveLength(24);
    expect(new Set(validOrRisky.map((l) => l.verificationStatus))).toEqual(new Set(['valid', 'risky']));

    const evenAcme = await allPages('&tag=even&company=acme', 3);
    expect(evenAcme).toHaveLength(10);
    expect(evenAcme.every((l) => l.tags.includes('even') && l.company === 'Acme')).toBe(true);

    const zelda = await allPages('&q=zeld', 2);
    expect(zelda.map((l) => l.firstName)).toEqual(Array(6).fill('Zelda'));
    expect(await allPages('&q=example3.com&status=unverified', 50)).toHaveLength(3);
  });

  it('answers 400 naming the bad query parameter', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'query.limit'],
      ['limit=501', 'query.limit'],
      ['limit=ten', 'query.limit'],
      ['status=valid,great', 'query.status'],
      ['cursor=garbage', 'query.cursor'],
      ['colour=red', 'query.colour'],
    ];
    for (const [query, field] of cases) {
      const response = await h.call('GET', `/api/leads?${query}`, { key: t.key });
      expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
      expect(response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
    }
    const otherFilter = (await h.call('GET', '/api/leads?limit=5', { key: t.key })).json<{
      nextCursor: string;
    }>().nextCursor;
    const mismatch = await h.call(
      'GET',
      `/api/leads?limit=5&tag=odd&cursor=${encodeURIComponent(otherFilter)}`,
      { key: t.key },
    );
    expect(mismatch.statusCode).toBe(400);
  });
});
