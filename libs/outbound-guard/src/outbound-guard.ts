import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { findAllowedCidr, type AllowedCidr } from './allowed-cidrs';
import { classifyAddress, type AddressClass } from './classify-address';
import { HostLookupFailed, OutboundAddressRefused } from './outbound-errors';

/** Every address a host name resolves to (dns.lookup with `all: true` by default). */
export type HostResolver = (host: string) => Promise<{ address: string; family: number }[]>;

/** A destination that passed the policy: connect to `address`, and name `host` for TLS (SNI, cert). */
export interface CheckedHost {
  /** The host as given, without brackets. */
  host: string;
  /** The one address to connect to; the connection is pinned to it, never resolved again. */
  address: string;
  family: 4 | 6;
  /** The name TLS must present and verify, or undefined when `host` is an address literal. */
  servername: string | undefined;
}

export interface OutboundGuard {
  /** Checks an address literal; throws OutboundAddressRefused. */
  checkAddress(address: string): CheckedHost;
  /**
   * Resolves `host` (a name or an address literal in any form) and checks every address it
   * resolves to; throws OutboundAddressRefused when ANY is refused, HostLookupFailed when it does
   * not resolve.
   */
  resolve(host: string): Promise<CheckedHost>;
}

export interface OutboundGuardOptions {
  /** The operator's allow-list (see parseAllowedCidrs). */
  allowedCidrs: readonly AllowedCidr[];
  /** The variable that holds it, named in refusals, e.g. `SMTP_ALLOWED_PRIVATE_CIDRS`. */
  allowListName: string;
  /**
   * `deny` refuses public addresses too, so only the allow-list's ranges can be reached: it only
   * tightens the policy (tests and benchmarks that must never leave the machine). Default `allow`.
   */
  publicAddresses?: 'allow' | 'deny';
  /** Injected in tests; dns.lookup by default (the system resolver, /etc/hosts included). */
  resolver?: HostResolver;
  /** Longest wait for the resolver. Default 10 s. */
  lookupTimeoutMs?: number;
}

const systemResolver: HostResolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * The one gate for connections to user-supplied hosts (SMTP now; scraping and verification later,
 * each with its own allow-list). Resolve, check, pin: the caller connects to the returned address,
 * so a second lookup (DNS rebinding) cannot move the connection elsewhere.
 */
export function createOutboundGuard(options: OutboundGuardOptions): OutboundGuard {
  const resolver = options.resolver ?? systemResolver;
  const lookupTimeoutMs = options.lookupTimeoutMs ?? 10_000;

  function refusal(host: string, verdict: AddressClass, isName: boolean): string | undefined {
    const { allowedCidrs, allowListName } = options;
    const bareAddress = verdict.address.replace(/%.*$/, '');
    if (verdict.standing === 'public') {
      if (options.publicAddresses !== 'deny') return undefined;
      const original = ipaddr.parse(bareAddress);
      if (findAllowedCidr(allowedCidrs, verdict.effective) || findAllowedCidr(allowedCidrs, original))
        return undefined;
      const what = isName ? `${host} resolves to a public address` : `${host} is a public address`;
      return `${what}; this service may reach only the ranges listed in ${allowListName}`;
    }
    // A name's addresses are not repeated to the caller: the answer of internal DNS is not theirs to
    // map. Address literals are shown canonically, so `0x7f.1` reads as what it is.
    const subject = isName
      ? `${host} resolves to ${article(verdict.description)} address`
      : `${host}${host === bareAddress ? '' : ` (${bareAddress})`} is ${article(verdict.description)} address`;
    if (verdict.standing === 'never') return `${subject} and is never allowed`;
    if (verdict.standing === 'metadata') {
      const bits = verdict.effective.kind() === 'ipv4' ? 32 : 128;
      const single = verdict.effective.toString();
      const listed = options.allowedCidrs.some(
        (cidr) => cidr.range[1] === bits && cidr.range[0].toString() === single,
      );
      return listed
        ? undefined
        : `${subject} and is never allowed unless ${allowListName} lists it by itself (${single}/${bits})`;
    }
    const original = ipaddr.parse(bareAddress);
    if (findAllowedCidr(allowedCidrs, verdict.effective) || findAllowedCidr(allowedCidrs, original)) {
      return undefined;
    }
    return `${subject}; allowed only when listed in ${allowListName}`;
  }

  function checked(host: string, verdict: AddressClass, isName: boolean): CheckedHost {
    const problem = refusal(host, verdict, isName);
    if (problem) throw new OutboundAddressRefused(problem, host, verdict.address, verdict.range);
    return {
      host,
      address: verdict.address,
      family: verdict.address.includes(':') ? 6 : 4,
      servername: isName ? host : undefined,
    };
  }

  async function lookup(host: string): Promise<{ address: string }[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new HostLookupFailed(host, 'ETIMEOUT')), lookupTimeoutMs);
    });
    try {
      const answers = await Promise.race([resolver(host), timeout]);
      if (answers.length === 0) throw new HostLookupFailed(host, 'ENODATA');
      return answers;
    } catch (error) {
      if (error instanceof HostLookupFailed) throw error;
      const code = (error as { code?: unknown }).code;
      throw new HostLookupFailed(host, typeof code === 'string' ? code : 'EUNKNOWN', error);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    checkAddress(address) {
      const host = bare(address);
      const verdict = classifyAddress(host);
      if (!verdict) throw new OutboundAddressRefused(`${host} is not an IP address`, host, '', 'invalid');
      return checked(host, verdict, false);
    },

    async resolve(given) {
      const host = bare(given);
      const literal = classifyAddress(host);
      if (literal) return checked(host, literal, false);
      // Every answer must pass: a name with one public and one internal address could otherwise
      // reach the internal one whenever it comes first (or on a retry).
      const results = (await lookup(host)).map((answer) => {
        const verdict = classifyAddress(answer.address);
        if (!verdict) throw new HostLookupFailed(host, 'EBADRESP');
        return checked(host, verdict, true);
      });
      return results[0]!;
    },
  };
}

function article(description: string): string {
  return `${/^[aeio]|^u(?!ni)/i.test(description) ? 'an' : 'a'} ${description}`;
}

function bare(host: string): string {
  return host.trim().replace(/^\[(.*)\]$/, '$1');
}
