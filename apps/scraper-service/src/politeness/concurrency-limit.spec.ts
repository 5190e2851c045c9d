import { createConcurrencyLimit } from './concurrency-limit';

/** Acquires and records the order in which slots were granted. */
function queueUp(limit: ReturnType<typeof createConcurrencyLimit>, names: string[], granted: string[]) {
  return names.map((name) => limit.acquire().then(() => void granted.push(name)));
}

describe('createConcurrencyLimit', () => {
  it('holds at most n at once and serves waiters first come, first served', async () => {
    const limit = createConcurrencyLimit(2);
    const granted: string[] = [];
    const all = queueUp(limit, ['a', 'b', 'c', 'd', 'e'], granted);
    await Promise.all(all.slice(0, 2));
    expect(granted).toEqual(['a', 'b']);
    expect([limit.active, limit.waiting]).toEqual([2, 3]);
    limit.release();
    await all[2];
    // A newcomer arriving now queues behind d and e instead of taking a freed slot.
    const late = limit.acquire().then(() => void granted.push('late'));
    limit.release();
    limit.release();
    await Promise.all([all[3], all[4]]);
    expect(granted).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([limit.active, limit.waiting]).toEqual([2, 1]);
    limit.release();
    await late;
    expect(granted.at(-1)).toBe('late');
    limit.release();
    limit.release();
    expect([limit.active, limit.waiting]).toEqual([0, 0]);
  });

  it('lets a waiter give up: it rejects with the reason and its turn passes to the next', async () => {
    const limit = createConcurrencyLimit(1);
    await limit.acquire();
    const controller = new AbortController();
    const quitter = limit.acquire(controller.signal);
    const granted: string[] = [];
    const [next] = queueUp(limit, ['next'], granted);
    expect(limit.waiting).toBe(2);
    controller.abort(new Error('job cancelled'));
    await expect(quitter).rejects.toThrow('job cancelled');
    expect(limit.waiting).toBe(1);
    limit.release();
    await next;
    expect(granted).toEqual(['next']);
    expect(limit.active).toBe(1);
    await expect(limit.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('serves a long queue in order, each release handing over one slot', async () => {
    const limit = createConcurrencyLimit(3);
    const granted: number[] = [];
    const all = Array.from({ length: 500 }, (_, i) => limit.acquire().then(() => void granted.push(i)));
    await Promise.all(all.slice(0, 3));
    for (let i = 3; i < 500; i++) {
      limit.release();
      await all[i];
      expect(limit.active).toBe(3);
    }
    expect(granted).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('refuses a release without a slot and nonsensical limits', () => {
    expect(() => createConcurrencyLimit(1).release()).toThrow('without a slot');
    expect(() => createConcurrencyLimit(0)).toThrow(RangeError);
    expect(() => createConcurrencyLimit(2.5)).toThrow(RangeError);
  });
});
