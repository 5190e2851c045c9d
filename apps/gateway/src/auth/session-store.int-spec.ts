// One contract, two backends: the memory sessions of embedded mode and the Redis sessions of
// connected mode behave alike. Time is a clock handed to the store: nothing sleeps.
import { createHash } from 'node:crypto';
import { createRedisClient, type Redis } from '@coldreach/rate-limit';
import { randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import {
  createMemorySessionBackend,
  createRedisSessionBackend,
  createSessionStore,
  type SessionBackend,
  type SessionStore,
} from './session-store';

const minute = 60_000;
const userId = '00000000-0000-4000-8000-000000000001';
const workspaceId = '00000000-0000-4000-8000-000000000002';

function describeSessionStore(name: string, openBackend: (clock: () => number) => SessionBackend) {
  describe(`sessions in ${name}`, () => {
    let now = 1_800_000_000_000;
    let store: SessionStore;
    beforeEach(() => {
      store = createSessionStore(
        openBackend(() => now),
        {
          idleTimeoutMs: 30 * minute,
          absoluteTimeoutMs: 120 * minute,
          now: () => now,
        },
      );
    });

    it('creates a session under a new random id with its own CSRF token, and finds it by that id', async () => {
      const first = await store.create(userId, workspaceId);
      const second = await store.create(userId, workspaceId);
      expect(first.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(second.id).not.toBe(first.id);
      expect(second.session.csrfToken).not.toBe(first.session.csrfToken);
      expect(first.session).toEqual({
        userId,
        workspaceId,
        csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        createdAt: now,
        expiresAt: now + 120 * minute,
        lastSeenAt: now,
      });
      expect(await store.get(first.id)).toEqual(first.session);
      expect(await store.get(`${first.id}x`)).toBeNull();
      expect(await store.get('')).toBeNull();
    });

    it('ends a session idle for the idle timeout, and pushes the timeout back on use', async () => {
      const { id } = await store.create(userId, workspaceId);
      now += 29 * minute;
      expect(await store.get(id)).not.toBeNull();
      now += 29 * minute;
      expect(await store.get(id)).not.toBeNull();
      now += 30 * minute;
      expect(await store.get(id)).toBeNull();
      now -= 30 * minute;
      expect(await store.get(id)).toBeNull();
    });

    it('refreshes the idle timeout at most once a minute', async () => {
      const { id, session } = await store.create(userId, workspaceId);
      now += 30_000;
      expect((await store.get(id))?.lastSeenAt).toBe(session.createdAt);
      now += 31_000;
      expect((await store.get(id))?.lastSeenAt).toBe(now);
    });

    it('ends a session at its absolute expiry however busy', async () => {
      const { id } = await store.create(userId, workspaceId);
      for (let i = 0; i < 11; i++) {
        now += 10 * minute;
        expect(await store.get(id)).not.toBeNull();
      }
      now += 10 * minute;
      expect(await store.get(id)).toBeNull();
    });

    it('switches workspace and deletes', async () => {
      const { id } = await store.create(userId, workspaceId);
      const other = '00000000-0000-4000-8000-000000000003';
      await store.switchWorkspace(id, other);
      expect(await store.get(id)).toMatchObject({ workspaceId: other, userId });
      await store.delete(id);
      expect(await store.get(id)).toBeNull();
      await store.delete(id);
    });

    it('takes a begin time (a session that must start after a revocation)', async () => {
      const { session } = await store.create(userId, workspaceId, now + 1);
      expect(session).toMatchObject({ createdAt: now + 1, expiresAt: now + 1 + 120 * minute });
    });
  });
}

describeSessionStore('memory', (clock) => createMemorySessionBackend(clock));

let redis: Redis;
const prefix = randomName('sessions');
beforeAll(async () => {
  redis = createRedisClient(testRedisUrl);
  await waitFor(() => redis.status === 'ready', { what: 'Redis to be ready' });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describeSessionStore('Redis', () => createRedisSessionBackend(redis, prefix));

describe('sessions in Redis, stored', () => {
  it('under a hash of the id, never the id, and with a TTL that lets Redis forget them', async () => {
    const store = createSessionStore(createRedisSessionBackend(redis, prefix), {
      idleTimeoutMs: 30 * minute,
      absoluteTimeoutMs: 120 * minute,
    });
    const { id } = await store.create(userId, workspaceId);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.join('\n')).not.toContain(id);
    const key = `${prefix}:${createHash('sha256').update(id).digest('base64url')}`;
    expect(keys).toContain(key);
    const stored = (await redis.get(key)) as string;
    expect(stored).not.toContain(id);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(29 * minute);
    expect(ttl).toBeLessThanOrEqual(30 * minute);
  });
});
