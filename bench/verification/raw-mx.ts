// The limit, as a load process of its own: raw MX lookups (node:dns/promises Resolver.resolveMx,
// no cache, the verifier's own resolver settings) against the corpus's DNS server, `concurrency`
// at a time, over the addresses' domains in the addresses' order (one lookup per address).
// Usage: raw-mx.ts <dnsServer> <addresses> <domains> <concurrency>; prints `RAW {…}` at the end.
import { Resolver } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { domainName } from './corpus-plan';

const [server, addresses, domains, concurrency] = process.argv.slice(2) as [string, string, string, string];
const count = Number(addresses);
// As createMxLookup sets it up with its default 5 s timeout.
const resolver = new Resolver({ timeout: Math.floor(5000 / 3), tries: 2 });
resolver.setServers([server]);

async function main(): Promise<void> {
  const outcomes = new Map<string, number>();
  let next = 0;
  const lane = async () => {
    for (let j = next++; j < count; j = next++) {
      const outcome = await resolver.resolveMx(domainName(j % Number(domains))).then(
        (records) => (records.some((record) => record.exchange !== '') ? 'mx' : 'null_mx'),
        (error: { code?: string }) => error.code ?? 'error',
      );
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  };
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: Number(concurrency) }, lane));
  const elapsedMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);
  const result = {
    lookups: count,
    elapsedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    outcomes: Object.fromEntries(outcomes),
  };
  console.log(`RAW ${JSON.stringify(result)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
