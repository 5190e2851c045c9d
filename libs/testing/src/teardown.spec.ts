import { createTeardown } from './teardown';

describe('createTeardown', () => {
  it('closes newest first, every close even after a failure, then throws the first failure', async () => {
    const teardown = createTeardown();
    const closed: string[] = [];
    teardown.add(async () => void closed.push('database'));
    teardown.add(async () => {
      closed.push('server');
      throw new Error('server would not close');
    });
    teardown.add(async () => {
      closed.push('client');
      throw new Error('client would not close');
    });
    await expect(teardown.close()).rejects.toThrow('client would not close');
    expect(closed).toEqual(['client', 'server', 'database']);
  });

  it('closes nothing twice', async () => {
    const teardown = createTeardown();
    let closes = 0;
    teardown.add(async () => void (closes += 1));
    await teardown.close();
    await teardown.close();
    expect(closes).toBe(1);
  });
});
