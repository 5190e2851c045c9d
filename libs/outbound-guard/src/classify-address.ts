import ipaddr from 'ipaddr.js';

/**
 * How an address may be used as a destination:
 * - public: anywhere on the internet, always allowed;
 * - listable: internal (private, loopback, link-local, reserved…), allowed only when an operator's
 *   allow-list holds it;
 * - metadata: a cloud metadata endpoint, allowed only when the allow-list names that one address;
 * - never: cannot be a single peer (unspecified, broadcast, multicast).
 */
export type AddressStanding = 'public' | 'listable' | 'metadata' | 'never';

/** What an IP address is, read with ipaddr.js (a maintained parser, not a regular expression). */
export interface AddressClass {
  /** The canonical form to connect to, e.g. `127.0.0.1` for `0x7f.1` (an IPv6 zone id is kept). */
  address: string;
  /** The address whose range decided, e.g. the IPv4 inside `::ffff:7f00:1`. */
  effective: ipaddr.IPv4 | ipaddr.IPv6;
  /** ipaddr.js's range name of `effective`, e.g. `private`, `loopback`, `linkLocal`, `unicast`. */
  range: string;
  /** Words for messages, e.g. `loopback`, `link-local (cloud metadata)`. */
  description: string;
  standing: AddressStanding;
}

// Instance metadata services answer whoever asks from inside the instance, credentials included:
// AWS/GCP/Azure/OpenStack/Oracle (IPv4 and AWS's IPv6), AWS ECS tasks, Alibaba Cloud, Azure's
// WireServer (a public-range address).
const metadataAddresses = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '169.254.169.123',
  'fd00:ec2::254',
  '100.100.100.200',
  '168.63.129.16',
]);

const never = new Set(['unspecified', 'broadcast', 'multicast']);

const descriptions: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (shared)',
  private: 'private',
  uniqueLocal: 'unique-local private',
  reserved: 'reserved (documentation or future use)',
  benchmarking: 'benchmarking',
  as112: 'AS112 (reserved)',
  as112v6: 'AS112 (reserved)',
  amt: 'AMT (reserved)',
  deprecatedSiteLocal: 'site-local (deprecated)',
  deprecatedOrchid: 'ORCHID (reserved)',
  orchid2: 'ORCHIDv2 (reserved)',
  droneRemoteIdProtocolEntityTags: 'DRIP (reserved)',
  discard: 'discard-only',
  rfc6052: 'NAT64 local-use',
  teredo: 'Teredo tunnel',
  '6to4': '6to4 tunnel',
  segmentRouting: 'segment-routing (reserved)',
  ipv4Mapped: 'IPv4-mapped',
  rfc6145: 'IPv4-translated',
};

/**
 * Classifies an IP address in any textual form the resolver would accept: dotted IPv4, integer,
 * octal and hexadecimal forms (`2130706433`, `0177.0.0.1`, `0x7f.1`), short forms (`127.1`), IPv6
 * with or without brackets and zone id, and IPv6 that embeds an IPv4 (mapped, compatible, translated,
 * NAT64, 6to4), which is judged by the IPv4 inside. Answers undefined when `text` is not an IP address.
 */
export function classifyAddress(text: string): AddressClass | undefined {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare)) return undefined;
  const parsed = ipaddr.parse(bare);
  const effective = embeddedIpv4(parsed) ?? parsed;
  const range = effective.range();
  // ipaddr keeps a zone id in toString; the canonical IPv4 form undoes integer/octal/hex spellings.
  const address = parsed.toString();
  const isMetadata = metadataAddresses.has(withoutZone(effective.toString()));
  const standing: AddressStanding = isMetadata
    ? 'metadata'
    : never.has(range)
      ? 'never'
      : range === 'unicast'
        ? 'public'
        : 'listable';
  const base = descriptions[range] ?? range;
  const description = !isMetadata
    ? base
    : range === 'unicast'
      ? 'cloud metadata'
      : `${base} (cloud metadata)`;
  return { address, effective, range, description, standing };
}

/** The IPv4 address an IPv6 address stands for, when it embeds one that routing will reach. */
function embeddedIpv4(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (address.kind() !== 'ipv6') return undefined;
  const v6 = address as ipaddr.IPv6;
  const parts = v6.parts;
  const fromWords = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  switch (v6.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return fromWords(parts[6]!, parts[7]!);
    case 'rfc6052':
      // 64:ff9b::/96 (RFC 6052) carries the IPv4 in its last 32 bits; the /48 local-use prefix may
      // carry it elsewhere, so it stays "listable" by its own range.
      return parts[1] === 0xff9b && parts[2] === 0 ? fromWords(parts[6]!, parts[7]!) : undefined;
    case '6to4':
      return fromWords(parts[1]!, parts[2]!);
    case 'unicast':
      // IPv4-compatible ::a.b.c.d (deprecated by RFC 4291, yet stacks and tunnels may still route it
      // to the IPv4): ipaddr.js reads the dotted form as mapped, but the hex form `::7f00:1` would
      // otherwise pass as a public IPv6. `::` and `::1` have ranges of their own and never get here.
      return parts.slice(0, 6).every((part) => part === 0) ? fromWords(parts[6]!, parts[7]!) : undefined;
    default:
      return undefined;
  }
}

function withoutZone(address: string): string {
  const zone = address.indexOf('%');
  return zone === -1 ? address : address.slice(0, zone);
}
