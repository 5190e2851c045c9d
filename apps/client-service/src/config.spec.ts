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
});
