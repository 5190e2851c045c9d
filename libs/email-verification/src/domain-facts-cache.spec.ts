import { createDomainFactsCache } from './domain-facts-cache';
import type { DomainFacts } from './domain-facts';

describe('createDomainFactsCache', () => {
  let clock = 0;
  const facts = (reason: string, transient = false): DomainFacts => ({
    reasons: [reason],
    mxHost: '',
    transient,
  });

  function cache(maxEntries = 10) {
    clock = 1_000;
    return createDomainFactsCache({ ttlMs: 100, maxEntries, now: () => clock });
  }

  it('keeps facts and the catch-all answer for the TTL, then looks up again', async () => {
    const domains = cache();
    const lookup = jest.fn(async () => facts('mx_found'));
    expect(domains.get('example.test', lookup).fromCache).toBe(false);
    domains.setCatchAll('example.test', true);
    clock += 99;
    const second = domains.get('example.test', lookup);
    expect(second.fromCache).toBe(true);
    await expect(second.facts).resolves.toEqual(facts('mx_found'));
    expect(domains.catchAll('example.test')).toBe(true);
    clock += 1;
    expect(domains.catchAll('example.test')).toBeUndefined();
    expect(domains.get('example.test', lookup).fromCache).toBe(false);
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('shares a lookup under way', async () => {
    const domains = cache();
    let finish!: (value: DomainFacts) => void;
    const lookup = jest.fn(() => new Promise<DomainFacts>((resolve) => (finish = resolve)));
    const first = domains.get('example.test', lookup);
    const second = domains.get('example.test', lookup);
    finish(facts('mx_found'));
    await expect(second.facts).resolves.toEqual(await first.facts);
    expect([first.fromCache, second.fromCache, lookup.mock.calls.length]).toEqual([false, true, 1]);
  });

  it('does not keep DNS failures, nor lookups that threw', async () => {
    const domains = cache();
    await domains.get('failing.test', async () => facts('dns_failure: ESERVFAIL', true)).facts;
    await domains
      .get('throwing.test', async () => Promise.reject(new Error('boom')))
      .facts.catch(() => undefined);
    expect(domains.get('failing.test', async () => facts('mx_found')).fromCache).toBe(false);
    expect(domains.get('throwing.test', async () => facts('mx_found')).fromCache).toBe(false);
  });

  it('forgets the least recently used domain past its size', () => {
    const domains = cache(2);
    const lookup = async () => facts('mx_found');
    domains.get('a.test', lookup);
    domains.get('b.test', lookup);
    domains.get('a.test', lookup);
    domains.get('c.test', lookup);
    expect(domains.get('a.test', lookup).fromCache).toBe(true);
    expect(domains.get('b.test', lookup).fromCache).toBe(false);
  });
});
