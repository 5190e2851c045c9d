// The behaviour every HostGate owes the crawler, run against each implementation (in memory in the
// unit tests, on a real Redis in the integration tests) so the two cannot drift apart. Each test
// holds two handles on one gate, as two worker processes would (the same object in memory, two
// Redis clients otherwise). The rules are checked on a fake clock, without sleeping; the last test
// runs on the real clock and asserts only lower bounds on time.
import { acquireHost } from '../acquire-host';
import type { HostGate, HostGateOptions, HostGrant, HostLease } from '../host-gate';

/** A clock the tests move by hand; the gate reads it through `now`. */
export class ManualClock {
  private time = 1_700_000_000_000;
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface HostGateContractTarget {
  /** Two handles on one new gate with its own namespace, as two worker processes would hold it. */
  create(options: HostGateOptions): [HostGate, HostGate];
}

function leaseOf(grant: HostGrant): HostLease {
  if (!grant.granted) throw new Error(`expected a lease, was told to wait ${grant.waitMs} ms`);
  return grant.lease;
}

function waitOf(grant: HostGrant): number {
  if (grant.granted) throw new Error(`expected a wait, was granted a lease on ${grant.lease.host}`);
  return grant.waitMs;
}

export function describeHostGateContract(name: string, target: HostGateContractTarget): void {
  describe(`${name} (HostGate contract)`, () => {
    it('grants one request at a time per host by default, also among concurrent callers', async () => {
      const clock = new ManualClock();
      const [a, b] = target.create({ now: clock.now, minWaitMs: 25 });
      const grants = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).tryAcquire('one.test')),
      );
      expect(grants.filter((grant) => grant.granted)).toHaveLength(1);
      // Nothing released yet, so no delay is known: the wait is the floor, never 0.
      expect(grants.filter((grant) => !grant.granted).map(waitOf)).toEqual(Array(19).fill(25));
    });

    it('spaces a release and the next grant by the delay given at release', async () => {
      const clock = new ManualClock();
      const [a, b] = target.create({ now: clock.now });
      const lease = leaseOf(await a.tryAcquire('spaced.test'));
      clock.advance(300);
      expect(await a.release(lease, { delayMs: 1000 })).toBe(true);
      expect(waitOf(await b.tryAcquire('spaced.test'))).toBe(1000);
      clock.advance(999);
      expect(waitOf(await b.tryAcquire('spaced.test'))).toBe(1);
      clock.advance(1);
      const next = leaseOf(await b.tryAcquire('spaced.test'));
      // While held, the wait reported is the host's last delay: no release can let anyone in sooner.
      expect(waitOf(await a.tryAcquire('spaced.test'))).toBe(1000);
      expect(await b.release(next, { delayMs: 0 })).toBe(true);
      expect((await a.tryAcquire('spaced.test')).granted).toBe(true);
    });

    it('honours a push-back, and a release with a shorter delay does not cut it short', async () => {
      const clock = new ManualClock();
      const [a, b] = target.create({ now: clock.now });
      await a.pushBack('busy.test', 30_000);
      expect(waitOf(await b.tryAcquire('busy.test'))).toBe(30_000);
      clock.advance(30_000);
      const lease = leaseOf(await b.tryAcquire('busy.test'));
      // The answer was a 429 with Retry-After: 120 s; the worker pushes back, then releases.
      await b.pushBack('busy.test', 120_000);
      await b.release(lease, { delayMs: 1000 });
      expect(waitOf(await a.tryAcquire('busy.test'))).toBe(120_000);
      // A shorter push-back afterwards does not shorten the wait either.
      await a.pushBack('busy.test', 5000);
      clock.advance(100_000);
      expect(waitOf(await a.tryAcquire('busy.test'))).toBe(20_000);
    });

    it('frees a host whose lease expired, and the stale release cannot free the new holder', async () => {
      const clock = new ManualClock();
      const [a, b] = target.create({ now: clock.now, leaseTtlMs: 5000 });
      const crashed = leaseOf(await a.tryAcquire('crash.test'));
      expect(crashed.expiresAt).toBe(clock.now() + 5000);
      clock.advance(4999);
      expect(waitOf(await b.tryAcquire('crash.test'))).toBe(1);
      clock.advance(1);
      const holder = leaseOf(await b.tryAcquire('crash.test'));
      expect(holder.token).not.toBe(crashed.token);
      expect(await a.release(crashed, { delayMs: 0 })).toBe(false);
      expect((await a.tryAcquire('crash.test')).granted).toBe(false);
      expect(await b.release(holder, { delayMs: 0 })).toBe(true);
      expect(await b.release(holder, { delayMs: 0 })).toBe(false);
      expect((await a.tryAcquire('crash.test')).granted).toBe(true);
    });

    it('reports the soonest lease expiry as the wait when it comes before any delay', async () => {
      const clock = new ManualClock();
      const [a, b] = target.create({ now: clock.now, leaseTtlMs: 5000, minWaitMs: 20_000 });
      leaseOf(await a.tryAcquire('expiring.test'));
      clock.advance(1000);
      expect(waitOf(await b.tryAcquire('expiring.test'))).toBe(4000);
    });

    it('keeps hosts apart, and host[:port] keys are case-insensitive', async () => {
      const clock = new ManualClock();
      const [a, b] = target.create({ now: clock.now });
      const lease = leaseOf(await a.tryAcquire('Shop.Example.TEST:8080'));
      expect(lease.host).toBe('shop.example.test:8080');
      expect((await b.tryAcquire('shop.example.test:8080')).granted).toBe(false);
      expect((await b.tryAcquire('shop.example.test:8081')).granted).toBe(true);
      expect((await b.tryAcquire('other.test')).granted).toBe(true);
      await a.release(lease, { delayMs: 60_000 });
      expect((await b.tryAcquire('another.test')).granted).toBe(true);
      expect(waitOf(await b.tryAcquire('SHOP.example.test:8080'))).toBe(60_000);
    });

    it('lets a configured number of requests run at once on one host', async () => {
      const clock = new ManualClock();
      const [a, b] = target.create({ now: clock.now, perHostConcurrency: 3 });
      const grants = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).tryAcquire('wide.test')),
      );
      const leases = grants.filter((grant) => grant.granted).map(leaseOf);
      expect(leases).toHaveLength(3);
      await a.release(leases[0]!, { delayMs: 200 });
      expect(waitOf(await b.tryAcquire('wide.test'))).toBe(200);
      clock.advance(200);
      expect((await b.tryAcquire('wide.test')).granted).toBe(true);
      expect((await a.tryAcquire('wide.test')).granted).toBe(false);
    });

    it('refuses negative delays and empty hosts', async () => {
      const [a] = target.create({});
      await expect(a.pushBack('x.test', -1)).rejects.toThrow(RangeError);
      await expect(a.tryAcquire('')).rejects.toThrow(RangeError);
      const lease = leaseOf(await a.tryAcquire('x.test'));
      await expect(a.release(lease, { delayMs: Number.NaN })).rejects.toThrow(RangeError);
    });

    it('on the real clock, two workers contending for one host never overlap and keep the delay', async () => {
      const [a, b] = target.create({});
      const delayMs = 80;
      const visits: { grantedAt: number; releasedAt: number }[] = [];
      async function worker(gate: HostGate, requests: number, workMs: number) {
        for (let i = 0; i < requests; i++) {
          const lease = await acquireHost(gate, 'contended.test');
          const grantedAt = Date.now();
          await new Promise((resolve) => setTimeout(resolve, workMs)); // the request's own time
          const releasedAt = Date.now();
          visits.push({ grantedAt, releasedAt });
          await gate.release(lease, { delayMs });
        }
      }
      await Promise.all([worker(a, 5, 15), worker(b, 5, 40), worker(a, 3, 0)]);
      visits.sort((x, y) => x.grantedAt - y.grantedAt);
      expect(visits).toHaveLength(13);
      // Sorted by grant, each visit starts at least the delay after the previous one ended: no overlap.
      for (let i = 1; i < visits.length; i++) {
        expect(visits[i]!.grantedAt - visits[i - 1]!.releasedAt).toBeGreaterThanOrEqual(delayMs);
      }
    });
  });
}
