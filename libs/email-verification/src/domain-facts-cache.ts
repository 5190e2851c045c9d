import type { DomainFacts } from './domain-facts';

interface Entry {
  facts: Promise<DomainFacts>;
  /** Learnt by the first probe that asked a random address there. */
  catchAll?: boolean;
  expiresAt: number;
}

export interface DomainFactsCache {
  /**
   * The domain's facts: cached (`fromCache` true, also when another caller's lookup is still
   * under way) or looked up with `lookup`. Transient facts (DNS failures) are not kept.
   */
  get(
    domain: string,
    lookup: () => Promise<DomainFacts>,
  ): { facts: Promise<DomainFacts>; fromCache: boolean };
  catchAll(domain: string): boolean | undefined;
  setCatchAll(domain: string, catchAll: boolean): void;
}

/** Domain facts for `ttlMs`, at most `maxEntries` domains (the least recently used go first). */
export function createDomainFactsCache(options: {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}): DomainFactsCache {
  const entries = new Map<string, Entry>();

  function live(domain: string): Entry | undefined {
    const entry = entries.get(domain);
    if (!entry) return undefined;
    entries.delete(domain);
    if (entry.expiresAt <= options.now()) return undefined;
    entries.set(domain, entry); // Now the most recently used.
    return entry;
  }

  return {
    get(domain, lookup) {
      const cached = live(domain);
      if (cached) return { facts: cached.facts, fromCache: true };
      const entry: Entry = { facts: lookup(), expiresAt: options.now() + options.ttlMs };
      entries.set(domain, entry);
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
      const forget = () => {
        if (entries.get(domain) === entry) entries.delete(domain);
      };
      entry.facts.then((facts) => facts.transient && forget(), forget);
      return { facts: entry.facts, fromCache: false };
    },
    catchAll: (domain) => live(domain)?.catchAll,
    setCatchAll(domain, catchAll) {
      const entry = entries.get(domain);
      if (entry) entry.catchAll = catchAll;
    },
  };
}
