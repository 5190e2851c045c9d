import ipaddr from 'ipaddr.js';

/** One CIDR of an operator's allow-list, parsed. */
export interface AllowedCidr {
  /** As the operator wrote it, normalised, e.g. `10.0.0.0/8`. */
  text: string;
  range: [ipaddr.IPv4 | ipaddr.IPv6, number];
}

export type AllowedCidrsParse = { ok: true; cidrs: AllowedCidr[] } | { ok: false; problem: string };

/** What `npm start` allows by default: the user's own machine. */
export const loopbackCidrs = '127.0.0.0/8,::1/128';

/**
 * Parses a comma-separated list of CIDRs (`10.0.0.0/8, fd00::/8`); a bare address counts as /32 or
 * /128. Empty means nothing internal is allowed. A problem names the entry, never the whole value.
 */
export function parseAllowedCidrs(value: string): AllowedCidrsParse {
  const cidrs: AllowedCidr[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const cidr = parseOne(entry);
    if (!cidr) {
      const shown = entry.length > 60 ? `${entry.slice(0, 60)}…` : entry;
      return {
        ok: false,
        problem: `"${shown}" is not a CIDR; list CIDRs separated by commas, e.g. 10.0.0.0/8,fd00::/8`,
      };
    }
    cidrs.push(cidr);
  }
  return { ok: true, cidrs };
}

function parseOne(entry: string): AllowedCidr | undefined {
  try {
    const range = entry.includes('/')
      ? ipaddr.parseCIDR(entry)
      : ((address) => [address, address.kind() === 'ipv4' ? 32 : 128] as [typeof address, number])(
          ipaddr.parse(entry),
        );
    // Strict forms only: an operator's `10.1/8` is more likely a typo than an intent.
    const [address, bits] = range;
    if (address.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(entry.split('/')[0]!)) return;
    return { text: `${address.toString()}/${bits}`, range };
  } catch {
    return undefined;
  }
}

/** The listed CIDR holding `address` (same family), if any. */
export function findAllowedCidr(
  cidrs: readonly AllowedCidr[],
  address: ipaddr.IPv4 | ipaddr.IPv6,
): AllowedCidr | undefined {
  return cidrs.find((cidr) => cidr.range[0].kind() === address.kind() && address.match(cidr.range));
}
