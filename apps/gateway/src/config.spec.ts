import { ConfigError } from '@coldreach/config';
import { readGatewayConfig } from './config';

const required = {
  GATEWAY_DATABASE_URL: 'postgres://gateway:pw@db:5432/gateway',
  REDIS_URL: 'redis://cache:6379',
};

describe('readGatewayConfig', () => {
  it('fills in the defaults', () => {
    expect(readGatewayConfig(required)).toEqual({
      databaseUrl: required.GATEWAY_DATABASE_URL,
      redisUrl: required.REDIS_URL,
      port: 8080,
      host: '0.0.0.0',
      clientServiceUrl: 'http://127.0.0.1:50051',
      campaignServiceUrl: 'http://127.0.0.1:50052',
      emailServiceUrl: 'http://127.0.0.1:50053',
      scraperServiceUrl: 'http://127.0.0.1:50055',
      analyticsServiceUrl: 'http://127.0.0.1:50054',
      rateLimitPerMinute: 600,
      rateLimitWorkspacePerMinute: 1200,
      rateLimitPublicPerMinute: 300,
      rateLimitTrackingPerMinute: 6000,
      apiKeyCacheSeconds: 5,
      accounts: {
        signInPerAccountPerHour: 20,
        signInPerAddressPerMinute: 30,
        sessionIdleTimeoutMinutes: 720,
        sessionAbsoluteTimeoutHours: 168,
      },
      trustProxy: false,
      hstsMaxAgeSeconds: 0,
      bodyLimitBytes: 1024 * 1024,
      importMaxBytes: 50 * 1024 * 1024,
      importMaxReportedErrors: 1000,
      migrateOnStart: true,
      logLevel: 'info',
    });
  });

  it('accepts rediss:// and explicit settings', () => {
    const config = readGatewayConfig({
      ...required,
      REDIS_URL: 'rediss://:secret@cache:6380',
      PORT: '9000',
      RATE_LIMIT_PER_MINUTE: '30',
      MIGRATE_ON_START: 'false',
      IMPORT_MAX_BYTES: '1048576',
      RATE_LIMIT_WORKSPACE_PER_MINUTE: '100',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '20',
      RATE_LIMIT_TRACKING_PER_MINUTE: '900',
      API_KEY_CACHE_SECONDS: '0',
      TRUST_PROXY: '10.0.0.0/8, loopback',
      HSTS_MAX_AGE_SECONDS: '31536000',
      SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR: '5',
      SESSION_IDLE_TIMEOUT_MINUTES: '30',
    });
    expect(config).toMatchObject({
      rateLimitWorkspacePerMinute: 100,
      rateLimitPublicPerMinute: 20,
      rateLimitTrackingPerMinute: 900,
      apiKeyCacheSeconds: 0,
      trustProxy: '10.0.0.0/8, loopback',
      hstsMaxAgeSeconds: 31536000,
      port: 9000,
      rateLimitPerMinute: 30,
      migrateOnStart: false,
      importMaxBytes: 1048576,
      accounts: expect.objectContaining({ signInPerAccountPerHour: 5, sessionIdleTimeoutMinutes: 30 }),
    });
  });

  it.each([
    [{ REDIS_URL: required.REDIS_URL }, 'GATEWAY_DATABASE_URL: is required'],
    [{ GATEWAY_DATABASE_URL: required.GATEWAY_DATABASE_URL }, 'REDIS_URL: is required'],
    [
      { ...required, REDIS_URL: 'http://cache:6379' },
      'REDIS_URL: must be a URL starting with redis:// or rediss://',
    ],
    [{ ...required, PORT: 'eighty' }, 'PORT: must be a port number'],
    [{ ...required, RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE: must be at least 1'],
    [{ ...required, RATE_LIMIT_PUBLIC_PER_MINUTE: '-1' }, 'RATE_LIMIT_PUBLIC_PER_MINUTE: must be at least 1'],
    [{ ...required, HSTS_MAX_AGE_SECONDS: 'a year' }, 'HSTS_MAX_AGE_SECONDS: must be a number of seconds'],
    [
      { ...required, TRUST_PROXY: 'a"b' },
      'TRUST_PROXY: must be true, false, or comma-separated proxy addresses or CIDRs',
    ],
    [{ ...required, BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES: must be at least 1024 bytes'],
    [{ ...required, MIGRATE_ON_START: 'yes' }, 'MIGRATE_ON_START: must be true or false'],
    [{ ...required, SESSION_IDLE_TIMEOUT_MINUTES: '0' }, 'SESSION_IDLE_TIMEOUT_MINUTES: must be at least 1'],
  ])('names the bad variable in one line (%#)', (env, message) => {
    let error: unknown;
    try {
      readGatewayConfig(env);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).not.toContain('pw@');
  });
});
