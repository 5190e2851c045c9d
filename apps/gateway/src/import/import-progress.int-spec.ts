import { randomUUID } from 'node:crypto';
import { createRedisClient, type Redis } from '@coldreach/rate-limit';
import {
  createMemoryImportProgressStore,
  createRedisImportProgressStore,
  importProgressTtlSeconds,
  type ImportProgress,
  type ImportProgressStore,
} from './import-progress';
import { createImportProgressReporter } from './import-progress-reporter';

const progress = (rows: number): ImportProgress => ({
  state: 'running',
  bytesRead: rows * 10,
  totalBytes: 1000,
  rows,
  accepted: rows,
  rejected: 0,
  detail: null,
  updatedAt: new Date(0).toISOString(),
});

let redis: Redis;
beforeAll(async () => {
  redis = createRedisClient('redis://127.0.0.1:6379', { lazyConnect: true });
  await redis.connect();
});
afterAll(() => redis.disconnect());

describe.each<[string, () => ImportProgressStore]>([
  ['memory', () => createMemoryImportProgressStore()],
  ['Redis', () => createRedisImportProgressStore(redis, `test:import-progress:${randomUUID()}`)],
])('the %s progress store', (_name, create) => {
  it('answers the last save, to its workspace only', async () => {
    const store = create();
    const [workspace, other, id] = [randomUUID(), randomUUID(), randomUUID()];
    await store.save(workspace, id, progress(1));
    await store.save(workspace, id, progress(2));
    expect(await store.load(workspace, id)).toEqual(progress(2));
    expect(await store.load(other, id)).toBeUndefined();
    expect(await store.load(workspace, randomUUID())).toBeUndefined();
  });
});

it('Redis keeps a record for the TTL only', async () => {
  const prefix = `test:import-progress:${randomUUID()}`;
  const [workspace, id] = [randomUUID(), randomUUID()];
  await createRedisImportProgressStore(redis, prefix).save(workspace, id, progress(1));
  const ttl = await redis.ttl(`${prefix}:${workspace}:${id}`);
  expect(ttl).toBeGreaterThan(importProgressTtlSeconds - 60);
  expect(ttl).toBeLessThanOrEqual(importProgressTtlSeconds);
});

it('memory holds at most maxEntries, dropping the least recently saved, and expires records', async () => {
  let clock = 0;
  const store = createMemoryImportProgressStore({ maxEntries: 2, now: () => clock });
  const workspace = randomUUID();
  await store.save(workspace, 'a', progress(1));
  await store.save(workspace, 'b', progress(1));
  await store.save(workspace, 'a', progress(2));
  await store.save(workspace, 'c', progress(1));
  expect(await store.load(workspace, 'b')).toBeUndefined();
  expect(await store.load(workspace, 'a')).toEqual(progress(2));
  clock += importProgressTtlSeconds * 1000 + 1;
  expect(await store.load(workspace, 'c')).toBeUndefined();
});

describe('the progress reporter', () => {
  const reporterOn = (store: ImportProgressStore, clock: () => number) =>
    createImportProgressReporter({
      store,
      workspaceId: 'w',
      progressId: 'p',
      totalBytes: 100,
      log: { warn: () => undefined },
      intervalMs: 1000,
      now: clock,
    });

  it('saves at most once per interval but never loses the last counts, and ends with the outcome', async () => {
    let clock = 0;
    const saved: ImportProgress[] = [];
    const store: ImportProgressStore = {
      save: async (_w, _p, value) => void saved.push(value),
      load: async () => undefined,
    };
    const reporter = reporterOn(store, () => clock);
    const counts = (rows: number) => ({ bytesRead: rows, rows, accepted: rows, rejected: 0 });
    reporter.update(counts(1));
    reporter.update(counts(2));
    clock = 1500;
    reporter.update(counts(3));
    await reporter.finish(counts(4));
    expect(saved.map((p) => [p.state, p.rows])).toEqual([
      ['running', 0],
      ['running', 1],
      ['running', 3],
      ['finished', 4],
    ]);
  });

  it('keeps going when the store fails', async () => {
    const warnings: string[] = [];
    const reporter = createImportProgressReporter({
      store: { save: async () => Promise.reject(new Error('down')), load: async () => undefined },
      workspaceId: 'w',
      progressId: 'p',
      totalBytes: null,
      log: { warn: (_fields: object, message: string) => void warnings.push(message) } as never,
    });
    await expect(reporter.fail('stopped')).resolves.toBeUndefined();
    expect(warnings).toContain('import progress not saved');
  });
});
