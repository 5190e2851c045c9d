import { Resolver } from 'node:dns/promises';
import { startDnsServer, type DnsReply, type DnsServer } from './dns-server';

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

  describe('with a reply function', () => {
    let zone: DnsServer;
    const replies: Record<string, DnsReply> = {
      'mail.test MX': {
        mx: [
          { preference: 20, exchange: 'backup.mail.test' },
          { preference: 10, exchange: 'mx.mail.test' },
        ],
      },
      'nomail.test MX': { mx: [{ preference: 0, exchange: '.' }] },
      'broken.test MX': { rcode: 'SERVFAIL' },
      'gone.test MX': { rcode: 'NXDOMAIN' },
      'slow.test MX': { mx: [{ preference: 5, exchange: 'mx.slow.test' }], delayMs: 50 },
      'silent.test MX': { delayMs: Infinity },
    };

    beforeAll(async () => {
      zone = await startDnsServer({
        reply: (name, type) => replies[`${name} ${type}`],
        answer: (name, type) => (name === 'mx.mail.test' && type === 'A' ? ['127.0.0.1'] : undefined),
      });
    });
    afterAll(() => zone.close());

    async function mx(name: string, timeout = 5_000) {
      const records = await zoneResolver(timeout).resolveMx(name);
      return records
        .map(({ exchange, priority }) => ({ exchange, priority }))
        .sort((a, b) => a.priority - b.priority);
    }

    function zoneResolver(timeout = 5_000): Resolver {
      const resolver = new Resolver({ timeout, tries: 1 });
      resolver.setServers([zone.server]);
      return resolver;
    }

    it('serves MX records, and A records from the answer function beside them', async () => {
      await expect(mx('mail.test')).resolves.toEqual([
        { exchange: 'mx.mail.test', priority: 10 },
        { exchange: 'backup.mail.test', priority: 20 },
      ]);
      await expect(zoneResolver().resolve4('mx.mail.test')).resolves.toEqual(['127.0.0.1']);
    });

    it('serves a null MX as an exchange with no name', async () => {
      await expect(mx('nomail.test')).resolves.toEqual([{ exchange: '', priority: 0 }]);
    });

    it('answers SERVFAIL and NXDOMAIN when told to', async () => {
      await expect(mx('broken.test')).rejects.toMatchObject({ code: 'ESERVFAIL' });
      await expect(mx('gone.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    });

    it('answers late, or never', async () => {
      await expect(mx('slow.test')).resolves.toEqual([{ exchange: 'mx.slow.test', priority: 5 }]);
      await expect(mx('silent.test', 100)).rejects.toMatchObject({ code: 'ETIMEOUT' });
    });
  });
});
