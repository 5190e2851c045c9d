import { ConfigError } from '@coldreach/config';
import { readCampaignServiceConfig } from './config';

const env = {
  CAMPAIGN_DATABASE_URL: 'postgres://user:secret@db:5432/campaigns',
  CLIENT_SERVICE_URL: 'http://client-service:50051',
  EMAIL_SERVICE_URL: 'http://email-service:50053',
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
};

describe('readCampaignServiceConfig', () => {
  it('reads the environment with its defaults', () => {
    expect(readCampaignServiceConfig(env)).toEqual({
      host: '127.0.0.1',
      port: 50052,
      databaseUrls: [env.CAMPAIGN_DATABASE_URL],
      clientServiceUrl: env.CLIENT_SERVICE_URL,
      emailServiceUrl: env.EMAIL_SERVICE_URL,
      kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
      kafkaTls: false,
      kafkaNamespace: undefined,
      kafkaReplicationFactor: 1,
      migrateOnStart: true,
      logLevel: 'info',
      schedulerIntervalMs: 1000,
      handOverMaxInFlight: 5000,
    });
  });

  it('reads the shards from CAMPAIGN_DATABASE_URLS, in order', () => {
    const urls = 'postgres://db-a:5432/campaigns, postgres://db-b:5432/campaigns';
    const config = readCampaignServiceConfig({
      ...env,
      CAMPAIGN_DATABASE_URL: undefined,
      CAMPAIGN_DATABASE_URLS: urls,
    });
    expect(config.databaseUrls).toEqual(['postgres://db-a:5432/campaigns', 'postgres://db-b:5432/campaigns']);
  });

  it('wants exactly one of CAMPAIGN_DATABASE_URLS and CAMPAIGN_DATABASE_URL', () => {
    const both = { ...env, CAMPAIGN_DATABASE_URLS: 'postgres://user:secret@db-b:5432/campaigns' };
    expect(() => readCampaignServiceConfig(both)).toThrow(
      /CAMPAIGN_DATABASE_URLS: set CAMPAIGN_DATABASE_URLS or CAMPAIGN_DATABASE_URL, not both/,
    );
    expect(() => readCampaignServiceConfig(both)).not.toThrow(/secret/);
    expect(() => readCampaignServiceConfig({ ...env, CAMPAIGN_DATABASE_URL: undefined })).toThrow(
      /set CAMPAIGN_DATABASE_URLS \(one URL per shard\) or CAMPAIGN_DATABASE_URL/,
    );
    expect(() =>
      readCampaignServiceConfig({
        ...env,
        CAMPAIGN_DATABASE_URL: undefined,
        CAMPAIGN_DATABASE_URLS: 'redis://x',
      }),
    ).toThrow(/CAMPAIGN_DATABASE_URLS\.0: must be a URL/);
  });

  it('names each missing or bad variable, never its value', () => {
    const read = () =>
      readCampaignServiceConfig({
        ...env,
        CAMPAIGN_DATABASE_URL: 'mysql://user:secret@db/campaigns',
        EMAIL_SERVICE_URL: undefined,
        SCHEDULER_INTERVAL_MS: '0',
        HANDOVER_MAX_IN_FLIGHT: 'lots',
      });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/CAMPAIGN_DATABASE_URL: must be a URL/);
    expect(read).toThrow(/EMAIL_SERVICE_URL: is required/);
    expect(read).toThrow(/SCHEDULER_INTERVAL_MS: must be at least 10/);
    expect(read).toThrow(/HANDOVER_MAX_IN_FLIGHT: must be a number/);
    expect(read).not.toThrow(/secret/);
  });
});
