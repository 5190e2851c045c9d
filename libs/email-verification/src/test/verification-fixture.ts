import {
  createDnsResolver,
  createOutboundGuard,
  parseAllowedCidrs,
  type OutboundGuard,
} from '@coldreach/outbound-guard';
import {
  createTeardown,
  startDnsServer,
  type DnsMx,
  type DnsReply,
  type DnsServer,
} from '@coldreach/testing';
import { createEmailVerifier, type EmailVerifier, type EmailVerifierOptions } from '../email-verifier';

/** A test domain's records; a name absent from the zone is NXDOMAIN. */
export interface ZoneName {
  mx?: DnsMx[];
  a?: string[];
  /** Replaces the MX answer: SERVFAIL, NXDOMAIN, a delay. */
  mxReply?: DnsReply;
}

export interface VerificationFixture {
  dns: DnsServer;
  guard: OutboundGuard;
  /** A verifier against the zone (probe off unless told), closed with the fixture. */
  verifier(options?: Partial<EmailVerifierOptions>): EmailVerifier;
  /** How many MX queries for `name` the DNS server got. */
  mxQueries(name: string): number;
  close(): Promise<void>;
}

/**
 * The test DNS server serving `zone`, and the outbound guard a verifier would get in production:
 * only 127.0.0.1 (where the test servers listen) may be reached, never a public address, and MX
 * hosts are resolved by the same DNS server.
 */
export async function startVerificationFixture(zone: Record<string, ZoneName>): Promise<VerificationFixture> {
  const teardown = createTeardown();
  const dns = await startDnsServer({
    reply: (name, type) => {
      const entry = zone[name];
      if (!entry) return { rcode: 'NXDOMAIN' };
      if (type === 'MX') return entry.mxReply ?? { mx: entry.mx ?? [] };
      return { addresses: type === 'A' ? (entry.a ?? []) : [] };
    },
  });
  teardown.add(() => dns.close());
  const allowed = parseAllowedCidrs('127.0.0.1/32');
  if (!allowed.ok) throw new Error(allowed.problem);
  const guard = createOutboundGuard({
    allowedCidrs: allowed.cidrs,
    allowListName: 'VERIFY_ALLOWED_PRIVATE_CIDRS',
    publicAddresses: 'deny',
    resolver: createDnsResolver([dns.server]),
  });
  return {
    dns,
    guard,
    verifier(options = {}) {
      const verifier = createEmailVerifier({
        dnsServers: [dns.server],
        guard,
        smtpProbe: false,
        smtpPort: 25,
        heloName: 'verifier.coldreach.test',
        mailFrom: 'bounces@coldreach.test',
        ...options,
      });
      teardown.add(() => verifier.close());
      return verifier;
    },
    mxQueries: (name) => dns.queries().filter((query) => query.name === name && query.type === 'MX').length,
    close: () => teardown.close(),
  };
}

/** MX records naming `hosts`, preferences 10, 20, … in order. */
export function mxOf(...hosts: string[]): DnsMx[] {
  return hosts.map((exchange, index) => ({ preference: (index + 1) * 10, exchange }));
}
