import { resolve } from 'node:path';
import { readPlatformConfig } from './config';

const cidrsOf = (env: NodeJS.ProcessEnv) =>
  readPlatformConfig(env).smtpAllowedPrivateCidrs.map((cidr) => cidr.text);

describe('readPlatformConfig', () => {
  it('has a default for every setting, so `npm start` needs none', () => {
    const config = readPlatformConfig({});
    expect({
      ...config,
      smtpAllowedPrivateCidrs: undefined,
      crawl: undefined,
      quotas: undefined,
      verification: undefined,
    }).toEqual({
      port: 8080,
      host: '127.0.0.1',
      servicesBasePort: 50051,
      dataDir: resolve('.data'),
      clientShards: 2,
      campaignShards: 1,
      emailShards: 1,
      smtpUrl: undefined,
      smtpAllowedPrivateCidrs: undefined,
      rateLimitPerMinute: 600,
      rateLimitWorkspacePerMinute: 1200,
      rateLimitPublicPerMinute: 300,
      rateLimitTrackingPerMinute: 6000,
      crawl: undefined,
      quotas: undefined,
      verification: undefined,
      adminEmail: 'admin@coldreach.local',
      accounts: {
        signInPerAccountPerHour: 20,
        signInPerAddressPerMinute: 30,
        sessionIdleTimeoutMinutes: 720,
        sessionAbsoluteTimeoutHours: 168,
      },
      logLevel: 'info',
    });
    expect(readPlatformConfig({ COLDREACH_ADMIN_EMAIL: ' Me@Example.COM ' }).adminEmail).toBe(
      'me@example.com',
    );
    expect(() => readPlatformConfig({ COLDREACH_ADMIN_EMAIL: 'me' })).toThrow(
      'COLDREACH_ADMIN_EMAIL: must be an email address',
    );
    // `npm start` crawls public sites only unless SCRAPER_ALLOWED_PRIVATE_CIDRS says otherwise.
    expect(config.crawl).toMatchObject({ allowedPrivateCidrs: [], hostDelayMs: 1000, concurrency: 32 });
    expect(config.quotas).toEqual({ maxActiveJobsPerWorkspace: 3, maxPagesPerWorkspacePerDay: 50_000 });
    // Verification checks public mail hosts only, and never opens port 25 unless VERIFY_SMTP_PROBE says so.
    expect(config.verification).toMatchObject({ allowedPrivateCidrs: [], smtpProbe: false, smtpPort: 25 });
  });

  it('names the variable when a value is out of range', () => {
    expect(() => readPlatformConfig({ EMBEDDED_CLIENT_SHARDS: '17' })).toThrow(
      'EMBEDDED_CLIENT_SHARDS: must be between 1 and 16',
    );
    expect(() => readPlatformConfig({ EMBEDDED_CAMPAIGN_SHARDS: '0' })).toThrow(
      'EMBEDDED_CAMPAIGN_SHARDS: must be between 1 and 16',
    );
  });
});

describe('readPlatformConfig: SMTP_ALLOWED_PRIVATE_CIDRS', () => {
  it('allows loopback when unset (one person on their own machine)', () => {
    expect(cidrsOf({})).toEqual(['127.0.0.0/8', '::1/128']);
  });

  it('takes the value when set, an empty one meaning public addresses only', () => {
    expect(cidrsOf({ SMTP_ALLOWED_PRIVATE_CIDRS: '' })).toEqual([]);
    expect(cidrsOf({ SMTP_ALLOWED_PRIVATE_CIDRS: '192.168.1.0/24' })).toEqual(['192.168.1.0/24']);
  });

  it('names the variable when an entry is not a CIDR', () => {
    expect(() => readPlatformConfig({ SMTP_ALLOWED_PRIVATE_CIDRS: 'localhost' })).toThrow(
      'SMTP_ALLOWED_PRIVATE_CIDRS: "localhost" is not a CIDR',
    );
  });
});
