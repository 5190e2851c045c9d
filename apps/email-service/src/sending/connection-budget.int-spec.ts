import { createLogger } from '@coldreach/observability';
import { closeRedisClient, createRedisClient, type Redis } from '@coldreach/rate-limit';
import { randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import { createMemoryConnectionBudget, type ConnectionBudget } from './connection-budget';
import { createConnectionLeases, type ConnectionLeasesOptions } from './connection-budget-leases';
import { createRedisConnectionBudget } from './connection-budget-redis';

const timeout = 180_000;
const silentLogger = createLogger({ name: 'connection-budget-test', level: 'silent' });
// One client per simulated worker process (the most any test asks for).
const clients: Redis[] = [];
beforeAll(async () => {
  clients.push(...Array.from({ length: 8 }, () => createRedisClient(testRedisUrl)));
  await waitFor(() => clients.every((redis) => redis.status === 'ready'), { what: 'Redis' });
}, timeout);
afterAll(() => Promise.all(clients.map(closeRedisClient)));

/** A budget per worker process: each on a Redis client of its own, or one memory budget for all. */
const kinds: Array<[string, () => () => ConnectionBudget]> = [
  [
    'Redis',
    () => {
      const prefix = randomName('smtp-connections');
      let next = 0;
      return () => createRedisConnectionBudget(clients[next++ % clients.length]!, { prefix });
    },
  ],
  [
    'memory',
    () => {
      const shared = createMemoryConnectionBudget();
      return () => shared;
    },
  ],
];

function leasesOf(budget: ConnectionBudget, overrides: Partial<ConnectionLeasesOptions> = {}) {
  return createConnectionLeases({
    budget,
    limit: 3,
    pollMs: 20,
    logger: silentLogger,
    shed: () => undefined,
    lost: () => undefined,
    ...overrides,
  });
}

const forever = () => new AbortController().signal;

describe.each(kinds)('the %s connection budget', (_kind, makeKind) => {
  let budgetOfProcess: () => ConnectionBudget;
  beforeEach(() => {
    budgetOfProcess = makeKind();
  });

  it(
    'never lets competing processes hold more than the limit, and each gets its turn',
    async () => {
      const processes = Array.from({ length: 6 }, () => leasesOf(budgetOfProcess()));
      let holding = 0;
      let most = 0;
      const granted = new Map<number, number>();
      await Promise.all(
        processes.map(async (leases, index) => {
          for (let round = 0; round < 5; round++) {
            const leaseId = await leases.acquire('mailbox-1', forever());
            if (!leaseId) throw new Error('acquire gave up without being asked to');
            holding++;
            most = Math.max(most, holding);
            granted.set(index, (granted.get(index) ?? 0) + 1);
            // The connection's lifetime: a few of the budget's own round trips.
            await budgetOfProcess().renew('mailbox-1', 'someone', [leaseId], 30_000);
            await budgetOfProcess().renew('mailbox-1', 'someone', [leaseId], 30_000);
            holding--;
            leases.release('mailbox-1', leaseId);
          }
        }),
      );
      await Promise.all(processes.map((leases) => leases.close()));
      expect(most).toBeLessThanOrEqual(3);
      expect(most).toBeGreaterThan(0);
      expect([...granted.values()]).toEqual([5, 5, 5, 5, 5, 5]);
    },
    timeout,
  );

  it(
    'gives the slots of a process that stopped renewing to the others after their TTL',
    async () => {
      const crashed = budgetOfProcess();
      for (let i = 0; i < 3; i++) expect(await crashed.take('mailbox-2', 'crashed', 3, 1000)).toBeDefined();
      const survivor = budgetOfProcess();
      expect(await survivor.take('mailbox-2', 'survivor', 3, 30_000)).toBeUndefined();
      const leases = leasesOf(survivor);
      const started = Date.now();
      const leaseId = await leases.acquire('mailbox-2', AbortSignal.timeout(120_000));
      expect(leaseId).toBeDefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      await leases.close();
    },
    timeout,
  );

  it(
    'hands a freed slot to the longest waiter, not to whoever asks first',
    async () => {
      const budget = budgetOfProcess();
      const first = await budget.take('mailbox-3', 'a', 1, 30_000);
      expect(first).toBeDefined();
      expect(await budget.take('mailbox-3', 'b', 1, 30_000)).toBeUndefined();
      expect(await budget.take('mailbox-3', 'c', 1, 30_000)).toBeUndefined();
      await budget.release('mailbox-3', first!);
      expect(await budget.take('mailbox-3', 'c', 1, 30_000)).toBeUndefined();
      expect(await budget.take('mailbox-3', 'b', 1, 30_000)).toBeDefined();
      // A waiter that leaves no longer holds the line.
      await budget.leave('mailbox-3', 'c');
      expect((await budget.renew('mailbox-3', 'b', [], 30_000)).waiting).toBe(0);
    },
    timeout,
  );

  it(
    'asks a process holding more than its share to close connections when others wait',
    async () => {
      const shed: number[] = [];
      const lost: string[] = [];
      const holder = leasesOf(budgetOfProcess(), {
        limit: 4,
        ttlMs: 900,
        shed: (_key, count) => shed.push(count),
        lost: (_key, ids) => lost.push(...ids),
      });
      const held: string[] = [];
      for (let i = 0; i < 4; i++) held.push((await holder.acquire('mailbox-4', forever()))!);
      // Another process queues for the mailbox: the holder's share becomes ceil(4 / 2).
      expect(await budgetOfProcess().take('mailbox-4', 'other', 4, 30_000)).toBeUndefined();
      await waitFor(() => shed.length > 0, { timeoutMs: 120_000, what: 'a request to shed' });
      expect(shed[0]).toBe(2);
      // A lease someone else removed is reported lost at the next renewal.
      await budgetOfProcess().release('mailbox-4', held[0]!);
      await waitFor(() => lost.includes(held[0]!), { timeoutMs: 120_000, what: 'the lost lease' });
      await holder.close();
    },
    timeout,
  );
});

describe('the Redis connection budget when Redis is down', () => {
  it(
    'fails closed: no lease is granted, and the waiter gives up when asked to',
    async () => {
      const down = createRedisClient('redis://127.0.0.1:1');
      try {
        const leases = leasesOf(createRedisConnectionBudget(down));
        expect(await leases.acquire('mailbox-5', AbortSignal.timeout(1500))).toBeUndefined();
        await leases.close();
      } finally {
        await closeRedisClient(down);
      }
    },
    timeout,
  );
});
