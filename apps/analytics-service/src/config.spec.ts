import { ConfigError } from '@coldreach/config';
import { readAnalyticsServiceConfig } from './config';

const env = {
  ANALYTICS_DATABASE_URL: 'postgres://user:secret@db:5432/analytics',
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
};

describe('readAnalyticsServiceConfig', () => {
  it('reads the environment with its defaults', () => {
    expect(readAnalyticsServiceConfig(env)).toEqual({
      host: '127.0.0.1',
      port: 50054,
      databaseUrl: env.ANALYTICS_DATABASE_URL,
      replicaUrl: undefined,
      replicaMaxLagMs: 5000,
      replicaPollIntervalMs: 500,
      kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
      kafkaTls: false,
      kafkaNamespace: undefined,
      kafkaReplicationFactor: 1,
      migrateOnStart: true,
      logLevel: 'info',
    });
  });

  it('names each missing or bad variable, never its value', () => {
    const read = () =>
      readAnalyticsServiceConfig({
        ANALYTICS_DATABASE_URL: 'mysql://user:secret@db/analytics',
        ANALYTICS_SERVICE_PORT: 'eighty',
      });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/ANALYTICS_DATABASE_URL: must be a URL/);
    expect(read).toThrow(/KAFKA_BROKERS/);
    expect(read).toThrow(/ANALYTICS_SERVICE_PORT/);
    expect(read).not.toThrow(/secret/);
  });

  it('reads the replica of the database and the lag bound', () => {
    const config = readAnalyticsServiceConfig({
      ...env,
      ANALYTICS_DATABASE_REPLICA_URLS: 'postgres://user:secret@replica:5432/analytics',
      REPLICA_MAX_LAG_MS: '2000',
    });
    expect(config).toMatchObject({
      replicaUrl: 'postgres://user:secret@replica:5432/analytics',
      replicaMaxLagMs: 2000,
    });
  });

  it('names a bad replica variable, and refuses more replicas than databases', () => {
    const read = (replicas: string) => () =>
      readAnalyticsServiceConfig({ ...env, ANALYTICS_DATABASE_REPLICA_URLS: replicas });
    expect(read('http://user:secret@replica/analytics')).toThrow(
      /ANALYTICS_DATABASE_REPLICA_URLS\.0: must be empty/,
    );
    expect(read('http://user:secret@replica/analytics')).not.toThrow(/secret/);
    expect(read('postgres://r1/analytics,postgres://r2/analytics')).toThrow(
      /ANALYTICS_DATABASE_REPLICA_URLS: must be one URL \(or empty\): the database is not sharded/,
    );
  });
});
