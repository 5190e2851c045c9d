// Loaded first in every crawler process of the benchmark (imported by the Crawlee and raw crawlers,
// preloaded with --require into the Scraper service): replaces Node's dns.lookup, which asks the
// system resolver, with one that asks only the corpus DNS server on loopback (BENCH_DNS_SERVER,
// host:port). Crawlee and the raw loop find the corpus names through it as any Node client would;
// for the Scraper service, which resolves through SCRAPER_DNS_SERVERS itself, it is a safety net:
// whatever resolves a name in these processes, no query or connection leaves the machine.
import dns, { Resolver, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

const server = process.env.BENCH_DNS_SERVER;
if (!server) throw new Error('BENCH_DNS_SERVER (host:port of the corpus DNS server) is not set');
const resolver = new Resolver();
resolver.setServers([server]);

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function loopbackLookup(hostname: string, options: unknown, maybeCallback?: unknown): void {
  const callback = (typeof options === 'function' ? options : maybeCallback) as LookupCallback;
  const all = typeof options === 'object' && options !== null && (options as LookupOptions).all === true;
  const answer = (addresses: LookupAddress[]) => {
    const first = addresses[0];
    if (!first)
      return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
    if (all) callback(null, addresses);
    else callback(null, first.address, first.family);
  };
  const family = isIP(hostname);
  if (family !== 0) return answer([{ address: hostname, family }]);
  resolver.resolve4(hostname, (error, addresses) => {
    if (error) callback(Object.assign(error, { code: error.code ?? 'ENOTFOUND' }), '');
    else answer(addresses.map((address) => ({ address, family: 4 })));
  });
}

(dns as { lookup: unknown }).lookup = loopbackLookup;
(dns.promises as { lookup: unknown }).lookup = (hostname: string, options?: unknown) =>
  new Promise((resolve, reject) =>
    loopbackLookup(hostname, options ?? {}, ((error, address, family) => {
      if (error) reject(error);
      else resolve(Array.isArray(address) ? address : { address, family });
    }) satisfies LookupCallback),
  );
