import { bulkOutcome, mergeBulkResults } from './bulk-outcome';

describe('bulkOutcome', () => {
  it('says how many were done and names each failure by email when known', () => {
    const emails = new Map([['1', 'a@example.com']]);
    expect(
      bulkOutcome(
        {
          action: 'delete',
          succeeded: 3,
          failed: [
            { id: '1', reason: 'gone' },
            { id: '2', reason: 'no' },
          ],
        },
        (id) => emails.get(id),
      ),
    ).toEqual({
      summary: '3 leads deleted. 2 leads failed:',
      failures: [
        { who: 'a@example.com', reason: 'gone' },
        { who: '2', reason: 'no' },
      ],
    });
    expect(bulkOutcome({ action: 'addTag', succeeded: 1, failed: [] }, () => undefined).summary).toBe(
      '1 lead tagged.',
    );
  });

  it('adds up several answers', () => {
    expect(
      mergeBulkResults('verify', [
        { action: 'verify', succeeded: 500, failed: [] },
        { action: 'verify', succeeded: 2, failed: [{ id: 'x', reason: 'r' }] },
      ]),
    ).toEqual({ action: 'verify', succeeded: 502, failed: [{ id: 'x', reason: 'r' }] });
  });
});
