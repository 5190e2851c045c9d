import { randomBytes } from 'node:crypto';
import { ConfigError } from '@coldreach/config';
import { readEmailServiceConfig } from './config';

const key = randomBytes(32);
const secret = 'an-unsubscribe-secret-of-32-bytes!!';
const env = (overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
  EMAIL_DATABASE_URL: 'postgres://email:db-pass@127.0.0.1:5432/email',
  CLIENT_SERVICE_URL: 'http://127.0.0.1:50051',
  KAFKA_BROKERS: '127.0.0.1:9092',
  REDIS_URL: 'rediss://:redis-pass@cache.example:6380',
  EMAIL_CREDENTIALS_KEY: key.toString('base64'),
  UNSUBSCRIBE_SECRETS: `${secret}, ${secret}-old`,
  PUBLIC_BASE_URL: 'https://reach.example.com/',
  ...overrides,
});

function problem(overrides: Record<string, string | undefined>): string {
  try {
    readEmailServiceConfig(env(overrides));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('readEmailServiceConfig', () => {
  it('fills the defaults', () => {
    const config = readEmailServiceConfig(env());
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 50053,
      roles: { api: true, workers: true },
      workerConcurrency: 64,
      smtpMaxConnectionsPerMailbox: 5,
      smtpUrl: undefined,
      unsubscribeSecrets: [secret, `${secret}-old`],
      publicBaseUrl: 'https://reach.example.com',
      migrateOnStart: true,
    });
    expect(Buffer.from(config.credentialsKey).equals(key)).toBe(true);
    expect(config.workerId).toMatch(/-\d+$/);
  });

  it('reads roles, an SMTP URL and worker settings', () => {
    const config = readEmailServiceConfig(
      env({
        EMAIL_SERVICE_ROLES: 'worker',
        SMTP_URL: 'smtps://u:p@smtp.example.com',
        EMAIL_WORKER_CONCURRENCY: '4',
        EMAIL_WORKER_ID: 'pod-1',
      }),
    );
    expect(config).toMatchObject({
      roles: { api: false, workers: true },
      workerConcurrency: 4,
      workerId: 'pod-1',
    });
  });

  it('reads SMTP_ALLOWED_PRIVATE_CIDRS (empty by default: public addresses only)', () => {
    expect(readEmailServiceConfig(env()).smtpAllowedPrivateCidrs).toEqual([]);
    const listed = readEmailServiceConfig(env({ SMTP_ALLOWED_PRIVATE_CIDRS: '172.28.0.0/16, ::1' }));
    expect(listed.smtpAllowedPrivateCidrs.map((cidr) => cidr.text)).toEqual(['172.28.0.0/16', '::1/128']);
    expect(problem({ SMTP_ALLOWED_PRIVATE_CIDRS: '10.0.0.0/8,mailpit' })).toContain(
      'SMTP_ALLOWED_PRIVATE_CIDRS: "mailpit" is not a CIDR; list CIDRs separated by commas, e.g. 10.0.0.0/8,fd00::/8',
    );
  });

  it('reads one database URL as one shard, or EMAIL_DATABASE_URLS as the shards in order', () => {
    expect(readEmailServiceConfig(env()).databaseUrls).toEqual([
      'postgres://email:db-pass@127.0.0.1:5432/email',
    ]);
    const sharded = readEmailServiceConfig(
      env({
        EMAIL_DATABASE_URL: undefined,
        EMAIL_DATABASE_URLS: 'postgres://db-a/email, postgres://db-b/email',
      }),
    );
    expect(sharded.databaseUrls).toEqual(['postgres://db-a/email', 'postgres://db-b/email']);
    const exactlyOne =
      '(environment): set exactly one of EMAIL_DATABASE_URL (one shard) and EMAIL_DATABASE_URLS';
    expect(problem({ EMAIL_DATABASE_URL: undefined })).toContain(exactlyOne);
    expect(problem({ EMAIL_DATABASE_URLS: 'postgres://db-a/email' })).toContain(exactlyOne);
    expect(
      problem({ EMAIL_DATABASE_URL: undefined, EMAIL_DATABASE_URLS: 'postgres://db-a/x,http://db-b/x' }),
    ).toContain('EMAIL_DATABASE_URLS');
  });

  it('names the bad variable and never echoes a secret', () => {
    const shortKey = randomBytes(16).toString('base64');
    const message = problem({ EMAIL_CREDENTIALS_KEY: shortKey });
    expect(message).toContain('EMAIL_CREDENTIALS_KEY');
    expect(message).not.toContain(shortKey);
    const weak = 'too-short-secret';
    const weakMessage = problem({ UNSUBSCRIBE_SECRETS: weak });
    expect(weakMessage).toContain('UNSUBSCRIBE_SECRETS');
    expect(weakMessage).not.toContain(weak);
    expect(problem({ EMAIL_CREDENTIALS_KEY: undefined })).toContain('EMAIL_CREDENTIALS_KEY: is required');
    expect(problem({ SMTP_URL: 'http://smtp.example.com' })).toContain('SMTP_URL');
    expect(problem({ EMAIL_SERVICE_ROLES: 'api,mailer' })).toContain('EMAIL_SERVICE_ROLES');
    expect(problem({ REDIS_URL: 'memcached://x' })).toContain('REDIS_URL');
  });
});
