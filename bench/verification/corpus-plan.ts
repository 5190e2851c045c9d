// The verification corpus, derived from its size alone (no randomness, so every process agrees):
// `domains` domains d<i>.test, `addresses` addresses spread over them round-robin, and the verdict
// each address must get (the answer key). A few percent of each failure kind, for realism.
import type { DnsReply } from '@coldreach/testing';

export type DomainKind = 'mx' | 'a-only' | 'nxdomain' | 'null-mx' | 'catch-all';
export type VerdictName = 'safe' | 'risky' | 'invalid' | 'unknown';

/** The address every mail host resolves to: the local SMTP server (probe on) listens there. */
export const mailHostAddress = '127.0.0.1';

// Of every 50 domains: one without any DNS entry, one with a null MX (RFC 7505), one whose mail
// host accepts every recipient, one without MX (mail goes to its A record), the rest plain MX.
export function domainKind(index: number): DomainKind {
  switch (index % 50) {
    case 7:
      return 'nxdomain';
    case 19:
      return 'null-mx';
    case 31:
      return 'catch-all';
    case 43:
      return 'a-only';
    default:
      return 'mx';
  }
}

export const domainName = (index: number) => `d${index}.test`;

const roleNames = ['info', 'sales', 'support', 'contact', 'admin', 'office', 'hello', 'team'];

export interface PlannedAddress {
  email: string;
  domain: number;
  /** A role account (`info@`, `sales@`…): risky whatever the mail host says. */
  role: boolean;
  /** A mailbox the mail host does not have: 550 to RCPT TO (except at a catch-all host). */
  gone: boolean;
}

/** The j-th address: domain j mod `domains`; about 2.7% role accounts and 4% unknown users. */
export function plannedAddress(j: number, domains: number): PlannedAddress {
  const domain = j % domains;
  const round = Math.floor(j / domains);
  const role = j % 37 === 5;
  const gone = !role && j % 23 === 7;
  // Two role accounts of one domain differ by their round; past the list, sub-addressed.
  const roleName = roleNames[round % roleNames.length]!;
  const local = role
    ? round < roleNames.length
      ? roleName
      : `${roleName}+${round}`
    : gone
      ? `gone${j}`
      : `p${j}`;
  return { email: `${local}@${domainName(domain)}`, domain, role, gone };
}

/** The verdict the verifier must give the j-th address, with the SMTP probe off or on. */
export function expectedVerdict(address: PlannedAddress, probe: boolean): VerdictName {
  const kind = domainKind(address.domain);
  if (kind === 'nxdomain' || kind === 'null-mx') return 'invalid';
  if (!probe) return address.role ? 'risky' : 'safe';
  if (kind === 'catch-all') return 'risky';
  if (address.gone) return 'invalid';
  return address.role ? 'risky' : 'safe';
}

/** Counts of the answer key for the first `count` addresses. */
export function expectedCounts(count: number, domains: number, probe: boolean): Record<VerdictName, number> {
  const counts: Record<VerdictName, number> = { safe: 0, risky: 0, invalid: 0, unknown: 0 };
  for (let j = 0; j < count; j++) counts[expectedVerdict(plannedAddress(j, domains), probe)] += 1;
  return counts;
}

const domainPattern = /^(?:mx\.)?d(\d+)\.test$/;

/** The DNS server's answer for the corpus: MX → mx.d<i>.test → 127.0.0.1; anything else NXDOMAIN. */
export function corpusDnsReply(domains: number, name: string, type: string): DnsReply {
  const match = domainPattern.exec(name);
  const index = match ? Number(match[1]) : -1;
  if (index < 0 || index >= domains) return { rcode: 'NXDOMAIN' };
  const kind = domainKind(index);
  if (kind === 'nxdomain') return { rcode: 'NXDOMAIN' };
  const isMailHost = name.startsWith('mx.');
  if (isMailHost && (kind === 'a-only' || kind === 'null-mx')) return { rcode: 'NXDOMAIN' };
  if (type === 'MX' && !isMailHost) {
    if (kind === 'null-mx') return { mx: [{ preference: 0, exchange: '.' }] };
    if (kind === 'a-only') return {};
    return { mx: [{ preference: 10, exchange: `mx.${name}` }] };
  }
  const takesMail = isMailHost || kind === 'a-only';
  if (type === 'A' && takesMail) return { addresses: [mailHostAddress] };
  return {};
}

/** What the local mail host answers to RCPT TO: accepted, or 550 for unknown users and random probes. */
export function acceptsRecipient(domains: number, address: string): boolean {
  const at = address.lastIndexOf('@');
  const match = domainPattern.exec(address.slice(at + 1).toLowerCase());
  if (!match) return false;
  if (domainKind(Number(match[1])) === 'catch-all') return true;
  const local = address.slice(0, at).toLowerCase();
  // Everyone it knows: the corpus's people and role accounts; not `gone…`, not the verifier's
  // random catch-all probe (`cr-probe-…`).
  return /^p\d+$/.test(local) || roleNames.includes(local.split('+', 1)[0]!);
}
