import { resolve } from 'node:path';
import { ConfigError } from '@coldreach/config';
import { readAdminConfig } from './config';

describe('readAdminConfig', () => {
  it('reads connected mode when GATEWAY_DATABASE_URL is set', () => {
    expect(
      readAdminConfig({
        GATEWAY_DATABASE_URL: 'postgres://admin:secret@db:5432/gateway',
        CLIENT_SHARD_URLS: 'postgres://db:5432/shard0, postgres://db:5432/shard1',
        KAFKA_BROKERS: 'kafka-1:9092',
      }),
    ).toEqual({
      mode: 'connected',
      gatewayDatabaseUrl: 'postgres://admin:secret@db:5432/gateway',
      clientShardUrls: ['postgres://db:5432/shard0', 'postgres://db:5432/shard1'],
      kafkaBrokers: ['kafka-1:9092'],
    });
  });

  it("reads the embedded platform's data directory otherwise", () => {
    expect(readAdminConfig({ COLDREACH_DATA_DIR: 'some/data', EMBEDDED_CLIENT_SHARDS: '3' })).toEqual({
      mode: 'embedded',
      dataDir: resolve('some/data'),
      clientShardCount: 3,
      kafkaBrokers: undefined,
    });
    expect(readAdminConfig({})).toMatchObject({ mode: 'embedded', clientShardCount: 2 });
  });

  it('names the variable when half of connected mode is set, never its value', () => {
    const read = () => readAdminConfig({ CLIENT_SHARD_URLS: 'postgres://admin:secret@db:5432/shard0' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow('CLIENT_SHARD_URLS: is set, so GATEWAY_DATABASE_URL is required too');
    expect(read).not.toThrow(/secret/);
  });
});
