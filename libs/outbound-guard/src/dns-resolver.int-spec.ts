import { startDnsServer, type DnsServer } from '@coldreach/testing';
import { parseAllowedCidrs } from './allowed-cidrs';
import { createDnsResolver } from './dns-resolver';
import { createOutboundGuard } from './outbound-guard';

describe('createDnsResolver', () => {
  let dns: DnsServer;

  beforeAll(async () => {
    dns = await startDnsServer({
      answer: (name, type) => {
        switch (name) {
          case 'dual.test':
            return type === 'A' ? ['127.0.0.2', '127.0.0.3'] : ['::1'];
          case 'v6only.test':
            return type === 'AAAA' ? ['::1'] : [];
          case 'empty.test':
            return [];
          default:
            return undefined;
        }
      },
    });
  });
  afterAll(() => dns.close());

  it('asks the listed server for A and AAAA and returns every answer of both', async () => {
    const resolve = createDnsResolver([dns.server]);
    await expect(resolve('dual.test')).resolves.toEqual([
      { address: '127.0.0.2', family: 4 },
      { address: '127.0.0.3', family: 4 },
      { address: '::1', family: 6 },
    ]);
    await expect(resolve('v6only.test')).resolves.toEqual([{ address: '::1', family: 6 }]);
    const asked = dns.queries().filter((query) => query.name === 'dual.test');
    expect(asked.map((query) => query.type).sort()).toEqual(['A', 'AAAA']);
  });

  it('fails with the resolver’s code: ENOTFOUND for an unknown name, ENODATA for a name without addresses', async () => {
    const resolve = createDnsResolver([dns.server]);
    await expect(resolve('unknown.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolve('empty.test')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('reports a server that does not answer, rather than an unknown name', async () => {
    const down = await startDnsServer({ answer: () => undefined });
    await down.close();
    const resolve = createDnsResolver([down.server], { timeoutMs: 200, tries: 1 });
    const error = await resolve('dual.test').catch((caught: unknown) => caught);
    expect(['ECONNREFUSED', 'ETIMEOUT']).toContain((error as { code?: string }).code);
  });

  it('refuses at once an entry that is not an address with an optional port', () => {
    expect(() => createDnsResolver(['dns.example.com:53'])).toThrow();
    expect(() => createDnsResolver([])).toThrow('createDnsResolver needs at least one DNS server');
    expect(() => createDnsResolver(['127.0.0.1:5353', '[::1]:53', '10.0.0.2'])).not.toThrow();
  });

  it('gives the guard every address, so one internal answer among allowed ones refuses the name', async () => {
    const allowed = parseAllowedCidrs('127.0.0.2/32,127.0.0.3/32');
    if (!allowed.ok) throw new Error(allowed.problem);
    const guard = createOutboundGuard({
      allowedCidrs: allowed.cidrs,
      allowListName: 'SCRAPER_ALLOWED_PRIVATE_CIDRS',
      resolver: createDnsResolver([dns.server]),
    });
    await expect(guard.resolve('dual.test')).rejects.toThrow(
      'dual.test resolves to a loopback address; allowed only when listed in SCRAPER_ALLOWED_PRIVATE_CIDRS',
    );
    await expect(guard.resolve('unknown.test')).rejects.toMatchObject({ lookupCode: 'ENOTFOUND' });
  });
});
