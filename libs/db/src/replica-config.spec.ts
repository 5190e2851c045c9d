import { z } from 'zod';
import { readConfig } from '@coldreach/config';
import { replicaCountProblem, replicaSettingsSchemas, replicaUrlsSchema } from './replica-config';

const schema = z.object({ SHARD_REPLICA_URLS: replicaUrlsSchema, ...replicaSettingsSchemas });

describe('replica config', () => {
  it('keeps one entry per shard, empty entries meaning no replica', () => {
    const config = readConfig(schema, { SHARD_REPLICA_URLS: 'postgres://r0/db, ,postgresql://r2/db' });
    expect(config.SHARD_REPLICA_URLS).toEqual(['postgres://r0/db', undefined, 'postgresql://r2/db']);
    expect(config.REPLICA_MAX_LAG_MS).toBe(5000);
    expect(config.REPLICA_POLL_INTERVAL_MS).toBe(500);
  });

  it('means no replicas when unset or empty', () => {
    expect(readConfig(schema, {}).SHARD_REPLICA_URLS).toEqual([]);
    expect(readConfig(schema, { SHARD_REPLICA_URLS: ' ' }).SHARD_REPLICA_URLS).toEqual([]);
  });

  it('names the variable and the entry of a bad value, without the value', () => {
    expect(() => readConfig(schema, { SHARD_REPLICA_URLS: 'postgres://r0/db,mysql://secret@r1/db' })).toThrow(
      /SHARD_REPLICA_URLS\.1: must be empty \(no replica for that shard\) or a URL starting with postgres:\/\//,
    );
    expect(() => readConfig(schema, { SHARD_REPLICA_URLS: 'mysql://secret@r1/db' })).not.toThrow(/secret/);
    expect(() => readConfig(schema, { REPLICA_MAX_LAG_MS: 'soon' })).toThrow(
      /REPLICA_MAX_LAG_MS: must be a number/,
    );
    expect(() => readConfig(schema, { REPLICA_POLL_INTERVAL_MS: '10' })).toThrow(/at least 50/);
  });

  it('allows fewer replica entries than shards, not more', () => {
    expect(replicaCountProblem(1, 3)).toBeUndefined();
    expect(replicaCountProblem(3, 3)).toBeUndefined();
    expect(replicaCountProblem(2, 1)).toMatch(/2 replicas but there is 1 database/);
  });
});
