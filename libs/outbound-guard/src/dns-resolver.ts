import { Resolver } from 'node:dns/promises';
import type { HostResolver } from './outbound-guard';

export interface DnsResolverOptions {
  /** Per-query timeout of the stub resolver. Default 5 s (the guard's own lookup timeout still applies). */
  timeoutMs?: number;
  /** Tries per server. Default 2. */
  tries?: number;
}

// A name that does not exist (or has no records of a type) says less than a server that failed:
// when neither query answers, the error reported is the most telling one.
const absentCodes = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * A HostResolver that asks the given DNS servers (`"127.0.0.1:5353"`, `"[::1]:53"`, `"10.0.0.2"`)
 * instead of the system resolver: for SCRAPER_DNS_SERVERS, so tests and operators choose who
 * answers. Asks A and AAAA together and returns every answer of both, so the guard checks them
 * all; fails with the resolver's code (`ENOTFOUND`, `ETIMEOUT`, `ECONNREFUSED`…) only when neither
 * answers. Throws at once when an entry is not an address with an optional port.
 */
export function createDnsResolver(
  servers: readonly string[],
  options: DnsResolverOptions = {},
): HostResolver {
  if (servers.length === 0) throw new TypeError('createDnsResolver needs at least one DNS server');
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 5_000, tries: options.tries ?? 2 });
  resolver.setServers([...servers]);

  return async (host) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const answers = [
      ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
      ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
    ];
    if (answers.length > 0) return answers;
    const errors = [v4, v6].flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    const codeOf = (error: unknown) => (error as { code?: unknown }).code;
    // Both fulfilled with no records: no address, as getaddrinfo would say.
    if (errors.length === 0) throw Object.assign(new Error(`no address for ${host}`), { code: 'ENODATA' });
    const telling =
      errors.find((error) => !absentCodes.has(String(codeOf(error)))) ??
      errors.find((error) => codeOf(error) === 'ENOTFOUND') ??
      errors[0];
    throw telling;
  };
}
