import { randomBytes } from 'node:crypto';
import type { OutboundGuard } from '@coldreach/outbound-guard';
import { addressFlags } from './address-flags';
import { abortable, linkedSignal } from './abortable';
import { parseAddress } from './address-syntax';
import { decideVerdict } from './decide-verdict';
import { createDomainFactsCache } from './domain-facts-cache';
import { lookupDomainFacts, type DomainFacts } from './domain-facts';
import { createDomainGate } from './domain-gate';
import { defaultLargeProviders, isLargeProvider } from './large-providers';
import { createMxLookup } from './mx-lookup';
import { probeMailbox } from './smtp-probe';
import type { VerificationResult } from './verification-result';

export interface EmailVerifierOptions {
  /** host:port DNS servers; empty → the system resolver (node:dns/promises Resolver default). */
  dnsServers: readonly string[];
  /**
   * Every MX host's addresses are checked with it; a refused one makes the verdict invalid and is
   * never connected to. The SMTP probe connects to the pinned address it returns.
   */
  guard: OutboundGuard;
  smtpProbe: boolean;
  smtpPort: number;
  heloName: string;
  mailFrom: string;
  /** Domains and MX host suffixes never sent the random-address catch-all probe (defaultLargeProviders). */
  largeProviders?: readonly string[];
  /** Default 5000. */
  dnsTimeoutMs?: number;
  /** Per connection and per command. Default 20000. */
  smtpTimeoutMs?: number;
  /** Default 3_600_000. */
  domainCacheTtlMs?: number;
  /** Least time between two SMTP sessions to one domain (one at a time per domain). Default 1000. */
  smtpDomainIntervalMs?: number;
  /** Default 100_000. */
  maxCachedDomains?: number;
  /** Injected clock for cache TTL tests. */
  now?: () => number;
}

export interface EmailVerifier {
  verify(email: string, options?: { signal?: AbortSignal }): Promise<VerificationResult>;
  close(): Promise<void>;
}

/**
 * Verifies addresses in the order of issue 14 §1: syntax, the domain's mail exchangers (through the
 * outbound guard), disposable / role / free flags, then the SMTP probe when it is on. Domain facts
 * are shared by every address of the domain for domainCacheTtlMs.
 */
export function createEmailVerifier(options: EmailVerifierOptions): EmailVerifier {
  const now = options.now ?? Date.now;
  const maxCachedDomains = options.maxCachedDomains ?? 100_000;
  const largeProviders = options.largeProviders ?? defaultLargeProviders;
  const smtpTimeoutMs = options.smtpTimeoutMs ?? 20_000;
  const mx = createMxLookup({ dnsServers: options.dnsServers, timeoutMs: options.dnsTimeoutMs ?? 5_000 });
  const cache = createDomainFactsCache({
    ttlMs: options.domainCacheTtlMs ?? 3_600_000,
    maxEntries: maxCachedDomains,
    now,
  });
  const gate = createDomainGate({
    intervalMs: options.smtpDomainIntervalMs ?? 1_000,
    maxIdleLanes: maxCachedDomains,
  });
  const closing = new AbortController();

  async function probe(
    local: string,
    domain: string,
    facts: DomainFacts,
    signal: AbortSignal,
  ): Promise<string[]> {
    const target = facts.target!;
    const known = cache.catchAll(domain);
    const large = isLargeProvider(largeProviders, domain, facts.mxHost);
    const outcome = await gate.run(
      domain,
      () =>
        probeMailbox({
          target,
          port: options.smtpPort,
          heloName: options.heloName,
          mailFrom: options.mailFrom,
          recipient: `${local}@${domain}`,
          // Only when nobody knows yet, and never at a large provider: they block probers for it.
          catchAllRecipient:
            known === undefined && !large
              ? `cr-probe-${randomBytes(8).toString('hex')}@${domain}`
              : undefined,
          timeoutMs: smtpTimeoutMs,
          signal,
        }),
      signal,
    );
    if (outcome.catchAll !== undefined) cache.setCatchAll(domain, outcome.catchAll);
    const reasons = [...outcome.reasons];
    if (reasons[0] !== 'smtp_accepted' || reasons.length > 1) return reasons;
    if (large) reasons.push('catch_all_not_probed: large provider');
    else if (known) reasons.push('catch_all');
    return reasons;
  }

  async function verifyAddress(raw: string, signal: AbortSignal): Promise<VerificationResult> {
    signal.throwIfAborted();
    const address = parseAddress(raw);
    const result = (reasons: string[], mxHost: string, fromCache: boolean): VerificationResult => ({
      email: address.email,
      ...decideVerdict(reasons),
      reasons,
      mxHost,
      checkedAt: new Date(now()),
      fromCache,
    });
    if (!address.ok) return result([`syntax: ${address.problem}`], '', false);

    const { local, domain, quoted } = address;
    const reasons = quoted ? ['quoted_local_part'] : [];
    const cached = cache.get(domain, () =>
      lookupDomainFacts(domain, { lookupMx: mx.lookupMx, guard: options.guard }),
    );
    const facts = await abortable(cached.facts, signal);
    reasons.push(...facts.reasons);
    if (cached.fromCache) reasons.push('domain_facts_cached');
    reasons.push(...addressFlags(local, domain, quoted));
    if (facts.target) {
      if (!options.smtpProbe) reasons.push('smtp_probe_off');
      // A quoted local part is not worth a session: the verdict is risky whatever the answer.
      else if (quoted) reasons.push('smtp_not_probed: quoted local part');
      else reasons.push(...(await probe(local, domain, facts, signal)));
    }
    return result(reasons, facts.mxHost, cached.fromCache);
  }

  return {
    async verify(raw, verifyOptions = {}) {
      const linked = linkedSignal(verifyOptions.signal, closing.signal);
      try {
        return await verifyAddress(raw, linked.signal);
      } finally {
        linked.dispose();
      }
    },

    async close() {
      closing.abort(new Error('the email verifier is closed'));
      mx.close();
    },
  };
}
