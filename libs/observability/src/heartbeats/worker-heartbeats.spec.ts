import { createWorkerHeartbeats } from './worker-heartbeats';

describe('createWorkerHeartbeats', () => {
  it('reports a worker late once its deadline passes without a tick, and not after a tick or a stop', () => {
    const heartbeats = createWorkerHeartbeats();
    const start = Date.now();
    const sender = heartbeats.start('email', 'sender', { deadlineMs: 1000 });
    heartbeats.start('campaigns', 'scheduler', { deadlineMs: 5000 });

    expect(heartbeats.late(undefined, start + 500)).toEqual([]);
    expect(heartbeats.late(undefined, start + 2000)).toEqual([
      { service: 'email', worker: 'sender', deadlineMs: 1000, silentForMs: expect.any(Number) },
    ]);
    expect(heartbeats.late('campaigns', start + 2000)).toEqual([]);
    expect(heartbeats.late('email', start + 2000)[0]!.silentForMs).toBeGreaterThan(1000);

    sender.tick();
    expect(heartbeats.late('email', Date.now() + 900)).toEqual([]);
    sender.stop();
    expect(heartbeats.late('email', Date.now() + 60_000)).toEqual([]);
    expect(heartbeats.late(undefined, Date.now() + 60_000).map((late) => late.worker)).toEqual(['scheduler']);
  });

  it('refuses a deadline that is not positive', () => {
    expect(() => createWorkerHeartbeats().start('s', 'w', { deadlineMs: 0 })).toThrow(
      'the heartbeat deadline of w must be positive',
    );
  });
});
