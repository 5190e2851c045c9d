import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { renderMetrics, type Logger } from '@coldreach/observability';
import {
  freePort,
  metricValue,
  randomName,
  startStreamingReplica,
  testRedisUrl,
  waitFor,
  type StreamingReplica,
} from '@coldreach/testing';
import { openDataSource, openReadReplicas, type ReadReplicas, type ReadReplicasOptions } from './index';

// One primary/replica pair for the whole file: starting one takes a few seconds on a busy box.
jest.setTimeout(300_000);

interface LogLine {
  level: 'info' | 'warn';
  message: string;
  fields: Record<string, unknown>;
}

const patience = { timeoutMs: 120_000, intervalMs: 50 };

describe('read replicas against a real streaming replica', () => {
  let pair: StreamingReplica;
  let primary: DataSource;
  let database: string;
  let redis: Redis;
  const opened: ReadReplicas[] = [];
  const logs: LogLine[] = [];
  const logger = {
    info: (fields: Record<string, unknown>, message: string) => logs.push({ level: 'info', message, fields }),
    warn: (fields: Record<string, unknown>, message: string) => logs.push({ level: 'warn', message, fields }),
  } as unknown as Pick<Logger, 'info' | 'warn'>;

  const open = async (options: Partial<ReadReplicasOptions> = {}) => {
    const reads = await openReadReplicas({
      primaries: [primary],
      replicaUrls: [pair.replicaUrl(database)],
      name: randomName('replica_spec'),
      pollIntervalMs: 100,
      logger,
      ...options,
    });
    opened.push(reads);
    return reads;
  };
  const inRecovery = async (source: DataSource) =>
    ((await source.query('SELECT pg_is_in_recovery() AS r')) as [{ r: boolean }])[0].r;
  const noteOf = (scope: string) => (source: DataSource) =>
    source.query('SELECT note FROM notes WHERE scope = $1', [scope]) as Promise<{ note: string }[]>;
  const write = async (reads: ReadReplicas, scope: string, note: string) => {
    await primary.query('INSERT INTO notes (scope, note) VALUES ($1, $2)', [scope, note]);
    await reads.noteWrite(0, scope);
  };
  const inUse = async () =>
    metricValue((await renderMetrics()).body, 'coldreach_db_replica_in_use', { database, shard: '0' });

  beforeAll(async () => {
    pair = await startStreamingReplica();
    database = randomName('cr_replica');
    await pair.createDatabase(database);
    primary = await openDataSource({
      location: { url: pair.primaryUrl(database) },
      entities: [],
      migrations: [],
    });
    await primary.query('CREATE TABLE notes (scope text NOT NULL, note text NOT NULL)');
    redis = new Redis(testRedisUrl);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((reads) => reads.close()));
    await pair.setReplayDelay(0);
  });

  afterAll(async () => {
    redis?.disconnect();
    await primary?.destroy();
    await pair?.close();
  });

  it('serves stale-tolerant reads from the replica, and a shard without one from its primary', async () => {
    const reads = await open();
    expect(reads.stateOf(0)).toBe('replica');
    expect(await inRecovery(await reads.readerFor(0))).toBe(true);
    expect(await reads.read(0, 'any-scope', inRecovery)).toBe(true);
    expect(await inUse()).toBe(1);

    const without = await open({ replicaUrls: [''] });
    expect(without.stateOf(0)).toBeUndefined();
    expect(await without.readerFor(0, 'any-scope')).toBe(primary);
  });

  it('starts without an error when its replica is not there, reading from the primary', async () => {
    logs.length = 0;
    const nowhere = `postgres://postgres:hunter2@127.0.0.1:${await freePort()}/${database}`;
    const reads = await open({ replicaUrls: [nowhere] });
    expect(reads.stateOf(0)).toBe('down');
    expect(await reads.read(0, 'any-scope', inRecovery)).toBe(false);
    expect(logs.map((line) => line.message)).toEqual(['read replica unavailable; reads go to the primary']);
    expect(JSON.stringify(logs)).not.toContain('hunter2');
  });

  it('reads a scope’s own write on the primary while the replica is provably behind, others on the replica', async () => {
    // A bound far above the delay: the replica stays in use, so only the write mark can divert.
    const reads = await open({ maxLagMs: 600_000 });
    await pair.setReplayDelay(600_000);
    await write(reads, 'writer', 'mine');

    const writerReader = await reads.readerFor(0, 'writer');
    expect(await inRecovery(writerReader)).toBe(false);
    expect(await reads.read(0, 'writer', noteOf('writer'))).toEqual([{ note: 'mine' }]);
    // The replica has not replayed the write, and a scope that wrote nothing still reads there.
    const otherReader = await reads.readerFor(0, 'someone-else');
    expect(await inRecovery(otherReader)).toBe(true);
    expect(await noteOf('writer')(otherReader)).toEqual([]);

    await pair.setReplayDelay(0);
    // Once a poll sees the replica past the write, the writer reads there again.
    await waitFor(async () => inRecovery(await reads.readerFor(0, 'writer')), {
      ...patience,
      what: 'the writer to read from the replica again',
    });
    expect(await reads.read(0, 'writer', noteOf('writer'))).toEqual([{ note: 'mine' }]);
  });

  it('keeps read-your-writes across processes through Redis marks, not through memory ones', async () => {
    const writerPod = await open({ maxLagMs: 600_000, redis, name: 'shared-pod-marks' });
    const readerPod = await open({ maxLagMs: 600_000, redis, name: 'shared-pod-marks' });
    const memoryPod = await open({ maxLagMs: 600_000, name: 'shared-pod-marks' });
    await pair.setReplayDelay(600_000);
    await write(writerPod, 'scope-a', 'through pod 1');

    expect(await readerPod.read(0, 'scope-a', noteOf('scope-a'))).toEqual([{ note: 'through pod 1' }]);
    expect(await inRecovery(await readerPod.readerFor(0, 'scope-a'))).toBe(false);
    // Without Redis another pod knows nothing of the write: why services with Redis should pass it.
    expect(await inRecovery(await memoryPod.readerFor(0, 'scope-a'))).toBe(true);
    await redis.del('replica-lsn:shared-pod-marks:0:scope-a');
  });

  it('sends reads to the primary while the replica lags past the bound, and back once it catches up', async () => {
    const reads = await open({ maxLagMs: 1000 });
    await pair.setReplayDelay(600_000);
    await primary.query(`INSERT INTO notes (scope, note) VALUES ('lag', 'held back')`);

    await waitFor(() => reads.stateOf(0) === 'lagging', { ...patience, what: 'the replica to lag' });
    expect(await inRecovery(await reads.readerFor(0))).toBe(false);
    expect(await inUse()).toBe(0);
    expect(logs.some((line) => line.level === 'warn' && line.message.includes('lags past the bound'))).toBe(
      true,
    );

    await pair.setReplayDelay(0);
    await waitFor(() => reads.stateOf(0) === 'replica', { ...patience, what: 'the replica to catch up' });
    expect(await reads.read(0, undefined, noteOf('lag'))).toEqual([{ note: 'held back' }]);
    expect(await inRecovery(await reads.readerFor(0))).toBe(true);
  });

  it('falls back to the primary without errors while the replica is stopped, and returns when it is back', async () => {
    const reads = await open();
    expect(await reads.read(0, undefined, inRecovery)).toBe(true);
    logs.length = 0;
    await pair.stopReplica();

    // Whether or not a poll has noticed yet, a read that meets the stopped replica reruns on the primary.
    expect(await reads.read(0, undefined, inRecovery)).toBe(false);
    await waitFor(() => reads.stateOf(0) === 'down', { ...patience, what: 'the replica to be seen down' });
    expect(await reads.read(0, undefined, inRecovery)).toBe(false);
    expect(await inUse()).toBe(0);
    const downLines = logs.filter((line) => line.message.includes('unavailable'));
    expect(downLines).toHaveLength(1);
    expect(JSON.stringify(downLines)).not.toMatch(/password/i);

    await pair.startReplica();
    await waitFor(() => reads.stateOf(0) === 'replica', {
      ...patience,
      what: 'the replica to be used again',
    });
    expect(await reads.read(0, undefined, inRecovery)).toBe(true);
    expect(logs.filter((line) => line.message === 'read replica in use')).toHaveLength(1);
  });
});
