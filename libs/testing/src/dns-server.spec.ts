import { Resolver } from 'node:dns/promises';
import { startDnsServer, type DnsServer } from './dns-server';

describe('startDnsServer', () => {
  let dns: DnsServer;
  let rebinds = 0;
  const many = Array.from({ length: 60 }, (_, index) => `127.0.1.${index + 1}`);

  beforeAll(async () => {
    dns = await startDnsServer({
      answer: (name, type) => {
        if (name === 'site.test') return type === 'A' ? ['127.0.0.2', '127.0.0.3'] : ['::1'];
        if (name === 'v4only.test') return type === 'A' ? ['127.0.0.2'] : [];
        if (name === 'many.test') return type === 'A' ? many : [];
        if (name === 'rebind.test' && type === 'A') return [rebinds++ === 0 ? '127.0.0.2' : '127.0.0.1'];
        return undefined;
      },
    });
  });
  afterAll(() => dns.close());

  function resolver(): Resolver {
    const resolver = new Resolver({ timeout: 5_000, tries: 2 });
    resolver.setServers([dns.server]);
    return resolver;
  }

  it('answers A and AAAA from the answer function', async () => {
    await expect(resolver().resolve4('site.test')).resolves.toEqual(['127.0.0.2', '127.0.0.3']);
    await expect(resolver().resolve6('Site.Test.')).resolves.toEqual(['::1']);
  });

  it('says NXDOMAIN for unknown names and no data for a missing type', async () => {
    await expect(resolver().resolve4('unknown.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver().resolve6('v4only.test')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('asks the answer function on every query, with nothing cached (TTL 0)', async () => {
    const shared = resolver();
    await expect(shared.resolve4('rebind.test')).resolves.toEqual(['127.0.0.2']);
    await expect(shared.resolve4('rebind.test')).resolves.toEqual(['127.0.0.1']);
    expect(dns.queries().filter((query) => query.name === 'rebind.test')).toHaveLength(2);
  });

  it('truncates a long UDP answer and serves it in full over TCP', async () => {
    await expect(resolver().resolve4('many.test')).resolves.toEqual(many);
    const transports = dns.queries().filter((query) => query.name === 'many.test');
    expect(transports.map((query) => query.transport)).toEqual(['udp', 'tcp']);
  });
});
