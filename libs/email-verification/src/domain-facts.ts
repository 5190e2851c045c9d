import {
  HostLookupFailed,
  OutboundAddressRefused,
  type CheckedHost,
  type OutboundGuard,
} from '@coldreach/outbound-guard';
import { abortable } from './abortable';
import type { MxLookup } from './mx-lookup';

/** What a domain's DNS says about delivering mail to it: the same for every address there. */
export interface DomainFacts {
  /** 'mx_found', 'no_mx_used_a_record', 'domain_not_found', 'null_mx', 'mx_host_not_found', 'mx_refused_address: …', 'dns_failure: <code>'. */
  reasons: string[];
  mxHost: string;
  /** Where an SMTP probe may connect (the guard's pinned address); absent when mail cannot go there. */
  target?: CheckedHost;
  /** A DNS failure: true for this moment only, so never cached. */
  transient: boolean;
}

// A domain with more exchangers than this is checked on its best ones; nobody needs more.
const maxMxHosts = 10;

/**
 * The domain's mail exchangers, every one checked by the outbound guard: an exchanger that
 * resolves to an address the guard refuses makes the whole domain invalid (and is never
 * connected to), since a sender would be handed to it too.
 */
export async function lookupDomainFacts(
  domain: string,
  deps: { lookupMx: MxLookup; guard: OutboundGuard },
  signal?: AbortSignal,
): Promise<DomainFacts> {
  const mx = await deps.lookupMx(domain, signal);
  switch (mx.kind) {
    case 'not_found':
      return { reasons: ['domain_not_found'], mxHost: '', transient: false };
    case 'null_mx':
      return { reasons: ['null_mx'], mxHost: '', transient: false };
    case 'failure':
      return { reasons: [`dns_failure: ${mx.code}`], mxHost: '', transient: true };
    case 'none':
      return checkHosts([domain], 'no_mx_used_a_record', 'domain_not_found');
    case 'found':
      return checkHosts(mx.hosts.slice(0, maxMxHosts), 'mx_found', 'mx_host_not_found');
  }

  async function checkHosts(hosts: string[], found: string, notFound: string): Promise<DomainFacts> {
    const checks = await abortable(Promise.allSettled(hosts.map((host) => deps.guard.resolve(host))), signal);
    const refused = checks.find(
      (check) => check.status === 'rejected' && check.reason instanceof OutboundAddressRefused,
    );
    if (refused) {
      const { message, host } = (refused as PromiseRejectedResult).reason as OutboundAddressRefused;
      return { reasons: [`mx_refused_address: ${message}`], mxHost: host, transient: false };
    }
    // The best exchanger that resolves takes the mail, as a sender's fallback to the next would.
    const usable = checks.findIndex((check) => check.status === 'fulfilled');
    if (usable >= 0) {
      const target = (checks[usable] as PromiseFulfilledResult<CheckedHost>).value;
      return { reasons: [found], mxHost: hosts[usable]!, target, transient: false };
    }
    const failures = checks.map((check) => (check as PromiseRejectedResult).reason as unknown);
    const unexpected = failures.find((failure) => !(failure instanceof HostLookupFailed));
    if (unexpected) throw unexpected;
    const lookups = failures as HostLookupFailed[];
    const failed = lookups.find((failure) => !failure.notFound);
    if (failed) return { reasons: [`dns_failure: ${failed.lookupCode}`], mxHost: hosts[0]!, transient: true };
    return {
      reasons: [notFound],
      mxHost: notFound === 'domain_not_found' ? '' : hosts[0]!,
      transient: false,
    };
  }
}
