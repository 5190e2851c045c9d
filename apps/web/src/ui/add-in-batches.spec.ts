import { addInBatches, type AddOutcome } from './add-in-batches';

describe('adding in batches', () => {
  it('calls once per 1000 ids, in order, and adds up the outcomes', async () => {
    const ids = Array.from({ length: 2001 }, (_, i) => `id-${i}`);
    const batches: string[][] = [];
    const outcome = await addInBatches(ids, async (batch): Promise<AddOutcome> => {
      batches.push(batch);
      return {
        added: batch.length - 1,
        alreadyPresent: 1,
        skipped: batches.length === 2 ? 'x skipped.' : undefined,
      };
    });
    expect(batches.map((batch) => batch.length)).toEqual([1000, 1000, 1]);
    expect(batches.flat()).toEqual(ids);
    expect(outcome).toEqual({ added: 1998, alreadyPresent: 3, skipped: 'x skipped.' });
  });

  it('makes no call for no ids', async () => {
    const call = jest.fn();
    expect(await addInBatches([], call)).toEqual({ added: 0, alreadyPresent: 0 });
    expect(call).not.toHaveBeenCalled();
  });

  it('stops at the first failed call: what follows is not sent', async () => {
    const ids = Array.from({ length: 1500 }, (_, i) => `id-${i}`);
    let calls = 0;
    await expect(
      addInBatches(ids, async () => {
        calls += 1;
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(calls).toBe(1);
  });
});
