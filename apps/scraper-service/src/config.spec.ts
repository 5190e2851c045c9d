import { ConfigError } from '@coldreach/config';
import { readScraperServiceConfig } from './config';

const env = (overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
  SCRAPER_DATABASE_URL: 'postgres://scraper:db-pass@127.0.0.1:5432/scraper',
  KAFKA_BROKERS: '127.0.0.1:9092',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ...overrides,
});

function problem(overrides: Record<string, string | undefined>): string {
  try {
    readScraperServiceConfig(env(overrides));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('readScraperServiceConfig', () => {
  it('fills the defaults: public addresses only, the web ports, 1 s per host', () => {
    const config = readScraperServiceConfig(env());
    expect(config).toMatchObject({
      port: 50055,
      roles: { api: true, workers: true },
      crawl: {
        allowedPrivateCidrs: [],
        allowedPorts: [80, 443, 8080, 8443],
        dnsServers: [],
        concurrency: 32,
        hostDelayMs: 1000,
        hostConcurrency: 1,
        maxPageBytes: 5 * 1024 * 1024,
        pageTimeoutMs: 15_000,
      },
      quotas: { maxActiveJobsPerWorkspace: 3, maxPagesPerWorkspacePerDay: 50_000 },
    });
  });

  it('reads the allow-list, ports, DNS servers and roles', () => {
    const config = readScraperServiceConfig(
      env({
        SCRAPER_ALLOWED_PRIVATE_CIDRS: '127.0.0.2/32',
        SCRAPER_ALLOWED_PORTS: '80, 8081',
        SCRAPER_DNS_SERVERS: '127.0.0.1:5353,127.0.0.1:5354',
        SCRAPER_SERVICE_ROLES: 'worker',
      }),
    );
    expect(config.crawl.allowedPrivateCidrs.map((cidr) => cidr.text)).toEqual(['127.0.0.2/32']);
    expect(config.crawl.allowedPorts).toEqual([80, 8081]);
    expect(config.crawl.dnsServers).toEqual(['127.0.0.1:5353', '127.0.0.1:5354']);
    expect(config.roles).toEqual({ api: false, workers: true });
  });

  it('names the bad variable', () => {
    expect(problem({ SCRAPER_ALLOWED_PRIVATE_CIDRS: '10.0.0.0/33' })).toContain(
      'SCRAPER_ALLOWED_PRIVATE_CIDRS',
    );
    expect(problem({ SCRAPER_ALLOWED_PORTS: '80,http' })).toContain('SCRAPER_ALLOWED_PORTS');
    expect(problem({ SCRAPER_CONCURRENCY: '0' })).toContain('SCRAPER_CONCURRENCY');
    expect(problem({ SCRAPER_SERVICE_ROLES: 'crawler' })).toContain('SCRAPER_SERVICE_ROLES');
    expect(problem({ SCRAPER_DATABASE_URL: undefined })).toContain('SCRAPER_DATABASE_URL');
  });
});
