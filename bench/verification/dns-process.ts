// The corpus's DNS server in a process of its own (so its CPU is not the service's or the load's),
// on 127.0.0.1, with a control server that answers how many queries it has received by type.
// Usage: dns-process.ts <domains>; prints `DNS {"server","control"}` when ready.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDnsServer } from '@coldreach/testing';
import { corpusDnsReply } from './corpus-plan';

const domains = Number(process.argv[2]);
const byType = new Map<string, number>();

/** Starts both servers; answers how to stop them. */
async function main(): Promise<() => Promise<void>> {
  const dns = await startDnsServer({
    reply: (name, type) => {
      byType.set(type, (byType.get(type) ?? 0) + 1);
      return corpusDnsReply(domains, name, type);
    },
  });
  const control = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(Object.fromEntries(byType)));
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const port = (control.address() as AddressInfo).port;
  console.log(`DNS ${JSON.stringify({ server: dns.server, control: port })}`);
  return async () => {
    control.close();
    await dns.close();
  };
}

main().then(
  (stop) => process.once('SIGTERM', () => void stop().then(() => process.exit(0))),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
