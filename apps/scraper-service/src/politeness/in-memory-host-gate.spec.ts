import { createInMemoryHostGate } from './in-memory-host-gate';
import { describeHostGateContract, ManualClock } from './test/host-gate-contract';

describeHostGateContract('createInMemoryHostGate', {
  create: (options) => {
    const gate = createInMemoryHostGate(options);
    return [gate, gate];
  },
});

describe('createInMemoryHostGate', () => {
  it('forgets idle hosts, so memory follows the hosts with a lease or a wait ahead', async () => {
    const clock = new ManualClock();
    const gate = createInMemoryHostGate({ now: clock.now });
    for (let i = 0; i < 1000; i++) {
      const grant = await gate.tryAcquire(`host-${i}.test`);
      if (!grant.granted) throw new Error('a fresh host must be granted');
      await gate.release(grant.lease, { delayMs: 1000 });
    }
    const held = await gate.tryAcquire('held.test');
    expect(held.granted).toBe(true);
    expect(gate.trackedHosts).toBe(1001);
    clock.advance(1000);
    // Sweeps run as acquisitions accumulate; a thousand calls on one host are enough.
    for (let i = 0; i < 1100; i++) await gate.tryAcquire('held.test');
    expect(gate.trackedHosts).toBe(1);
    // A forgotten host starts afresh.
    expect((await gate.tryAcquire('host-0.test')).granted).toBe(true);
  });

  it('refuses nonsensical options', () => {
    expect(() => createInMemoryHostGate({ perHostConcurrency: 0 })).toThrow(RangeError);
    expect(() => createInMemoryHostGate({ perHostConcurrency: 1.5 })).toThrow(RangeError);
    expect(() => createInMemoryHostGate({ leaseTtlMs: 0 })).toThrow(RangeError);
    expect(() => createInMemoryHostGate({ minWaitMs: -1 })).toThrow(RangeError);
  });
});
