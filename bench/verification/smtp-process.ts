// The corpus's mail host in a process of its own: an smtp-server on 127.0.0.1 that accepts the
// corpus's people and role accounts and answers 550 to unknown users (`gone…`) and to random
// catch-all probes, except at catch-all domains, where it accepts everyone. No STARTTLS and no
// AUTH, as in the verification tests: the session, not TLS, is what the benchmark is about.
// Usage: smtp-process.ts <domains>; prints `SMTP {"port"}` when ready.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { acceptsRecipient, mailHostAddress } from './corpus-plan';

const domains = Number(process.argv[2]);

const server = new SMTPServer({
  disabledCommands: ['AUTH', 'STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  // The verifier opens a session per address: many at once, all short.
  maxClients: 1000,
  onRcptTo(address, _session, callback) {
    if (acceptsRecipient(domains, address.address)) return callback();
    callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
  },
  onData(stream, _session, callback) {
    // A verifier never sends DATA; refuse it rather than take mail.
    stream.resume().on('end', () => callback(new Error('5.7.1 no mail here')));
  },
});
server.on('error', () => undefined);
server.listen(0, mailHostAddress, () => {
  console.log(`SMTP ${JSON.stringify({ port: (server.server.address() as AddressInfo).port })}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
