import { ConfigError } from '@coldreach/config';
import { readClientServiceConfig } from './config';

const env = {
  CLIENT_SHARD_URLS: 'postgres://user:secret@db-0:5432/clients, postgres://user:secret@db-1:5432/clients',
  KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
};

describe('readClientServiceConfig', () => {
  it('reads the environment with its defaults', () => {
    expect(readClientServiceConfig(env)).toEqual({
      host: '127.0.0.1',
      port: 50051,
      shardUrls: ['postgres://user:secret@db-0:5432/clients', 'postgres://user:secret@db-1:5432/clients'],
      replicaUrls: [],
      replicaMaxLagMs: 5000,
      replicaPollIntervalMs: 500,
      kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
      kafkaTls: false,
      kafkaNamespace: undefined,
      kafkaReplicationFactor: 1,
      clientsEventsPartitions: 6,
      migrateOnStart: true,
      logLevel: 'info',
    });
  });

  it('names each missing or bad variable, never its value', () => {
    const read = () =>
      readClientServiceConfig({
        ...env,
        CLIENT_SHARD_URLS: 'mysql://user:secret@db/clients',
        KAFKA_BROKERS: undefined,
        CLIENTS_EVENTS_PARTITIONS: '0',
      });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/CLIENT_SHARD_URLS/);
    expect(read).toThrow(/KAFKA_BROKERS/);
    expect(read).toThrow(/CLIENTS_EVENTS_PARTITIONS: must be at least 1/);
    expect(read).not.toThrow(/secret/);
  });

  it('reads one replica entry per shard, an empty one meaning none for that shard', () => {
    const config = readClientServiceConfig({
      ...env,
      CLIENT_SHARD_REPLICA_URLS: ', postgres://user:secret@replica-1:5432/clients',
      REPLICA_MAX_LAG_MS: '2000',
      REPLICA_POLL_INTERVAL_MS: '200',
    });
    expect(config.replicaUrls).toEqual([undefined, 'postgres://user:secret@replica-1:5432/clients']);
    expect(config.replicaMaxLagMs).toBe(2000);
    expect(config.replicaPollIntervalMs).toBe(200);
  });

  it('refuses more replica entries than shards, and a bad entry, without echoing them', () => {
    const tooMany = () =>
      readClientServiceConfig({
        ...env,
        CLIENT_SHARD_REPLICA_URLS:
          'postgres://u:secret@r0/clients,postgres://u:secret@r1/clients,postgres://u:secret@r2/clients',
      });
    expect(tooMany).toThrow(/CLIENT_SHARD_REPLICA_URLS: lists 3 replicas but there are 2 shards/);
    expect(tooMany).not.toThrow(/secret/);
    const bad = () =>
      readClientServiceConfig({ ...env, CLIENT_SHARD_REPLICA_URLS: 'mysql://u:secret@r0/clients,' });
    expect(bad).toThrow(/CLIENT_SHARD_REPLICA_URLS/);
    expect(bad).not.toThrow(/secret/);
  });
});
