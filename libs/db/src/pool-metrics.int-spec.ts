import { renderMetrics } from '@coldreach/observability';
import { createTestDatabase, metricValue, waitFor, type TestDatabase } from '@coldreach/testing';
import { openDataSource } from './index';

describe('database pool metrics', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('cr_pool');
  });
  afterAll(() => database?.drop());

  it('show connections in use, idle and waiting by database name, and stop when the pool closes', async () => {
    const name = new URL(database.url).pathname.slice(1);
    const dataSource = await openDataSource({
      location: { url: database.url },
      entities: [],
      migrations: [],
      poolSize: 1,
    });
    const read = async (state: string) =>
      metricValue((await renderMetrics()).body, 'coldreach_db_pool_connections', { database: name, state });
    try {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      // The only connection is held: a second query waits for it.
      const queued = dataSource.query('SELECT 1');
      try {
        await waitFor(async () => (await read('waiting')) === 1, { what: 'a waiting request' });
        expect(await read('in_use')).toBe(1);
        expect(await read('idle')).toBe(0);
      } finally {
        await runner.release();
      }
      await queued;
      expect(await read('in_use')).toBe(0);
      expect(await read('idle')).toBe(1);
    } finally {
      await dataSource.destroy();
    }
    expect((await renderMetrics()).body).not.toContain(`database="${name}"`);
  });
});
