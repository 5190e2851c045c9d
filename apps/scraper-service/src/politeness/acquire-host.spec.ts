import { acquireHost } from './acquire-host';
import type { HostGate } from './host-gate';
import { createInMemoryHostGate } from './in-memory-host-gate';

/** The in-memory gate, counting how often it is asked. */
function countingGate(): HostGate & { asked: number } {
  const gate = createInMemoryHostGate();
  const counted = {
    asked: 0,
    tryAcquire: (host: string) => {
      counted.asked += 1;
      return gate.tryAcquire(host);
    },
    release: gate.release,
    pushBack: gate.pushBack,
  };
  return counted;
}

describe('acquireHost', () => {
  it('sleeps the wait the gate reports instead of polling, then returns the lease', async () => {
    const gate = countingGate();
    await gate.pushBack('later.test', 300);
    const started = Date.now();
    const lease = await acquireHost(gate, 'later.test');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(lease.host).toBe('later.test');
    // One refusal, one grant; a timer firing a millisecond early may add one more ask.
    expect(gate.asked).toBeLessThanOrEqual(3);
  });

  it('waits for the holder to release, then for the delay', async () => {
    const gate = countingGate();
    const first = await acquireHost(gate, 'held.test');
    await gate.release(first, { delayMs: 100 });
    const second = await acquireHost(gate, 'held.test');
    const waiting = acquireHost(gate, 'held.test');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the holder's request
    const releasedAt = Date.now();
    await gate.release(second, { delayMs: 150 });
    await waiting;
    expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(150);
  });

  it('ends a long wait as soon as the signal aborts, with its reason', async () => {
    const gate = countingGate();
    await gate.pushBack('slow.test', 10 * 60_000);
    const controller = new AbortController();
    const waiting = acquireHost(gate, 'slow.test', controller.signal);
    await Promise.resolve();
    controller.abort(new Error('job cancelled'));
    // Without the wake-up this would wait ten minutes, far past the test's timeout.
    await expect(waiting).rejects.toThrow('job cancelled');
  });

  it('gives back a lease granted after the signal fired, unused', async () => {
    const gate = countingGate();
    const controller = new AbortController();
    const granted = gate.tryAcquire;
    gate.tryAcquire = async (host) => {
      const grant = await granted(host);
      controller.abort(new Error('stopped while asking'));
      return grant;
    };
    await expect(acquireHost(gate, 'race.test', controller.signal)).rejects.toThrow('stopped while asking');
    // Released with no delay: the host is free at once.
    expect((await granted('race.test')).granted).toBe(true);
  });
});
