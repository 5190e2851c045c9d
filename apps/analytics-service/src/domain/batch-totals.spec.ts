import { firstSeenKey, firstSeenKeysOf, totalBatch } from './batch-totals';
import type { Effect, EventFacts } from './event-facts';

const workspaceId = '7b0e4a52-8a3f-4c2e-9a55-0c3a0f6f1a01';
const row = { campaignId: 'c1', stepId: 's1', mailboxId: 'm1', stepPosition: 1 };
const fact = (minute: number, ...effects: Effect[]): EventFacts => ({
  eventId: `00000000-0000-4000-8000-${String(minute).padStart(12, '0')}`,
  workspaceId,
  occurredAt: new Date(Date.UTC(2026, 2, 2, 8, minute)),
  effects,
});
const open = (task: string): Effect => ({
  kind: 'email',
  row,
  counter: 'opened_unique',
  firstOf: { subject: task, kind: 'opened' },
});
const key = (task: string) => {
  const { subject, kind } = firstSeenKey(workspaceId, { subject: task, kind: 'opened' });
  return `${subject} ${kind}`;
};

describe('totalBatch', () => {
  it('sums per quarter hour: 08:14 and 08:15 are two rows', () => {
    const sent: Effect = { kind: 'email', row, counter: 'sent' };
    const totals = totalBatch([fact(0, sent), fact(14, sent), fact(15, sent)], new Set());
    expect(
      [...totals.email.values()].map((entry) => [entry.bucket.toISOString(), entry.counts.sent]),
    ).toEqual([
      ['2026-03-02T08:00:00.000Z', 2],
      ['2026-03-02T08:15:00.000Z', 1],
    ]);
    expect(totals.workspaces.get(workspaceId)).toEqual(new Date(Date.UTC(2026, 2, 2, 8, 15)));
  });

  it.each([
    ['new in first_seen: the first of the batch counts', new Set(['t1']), 1],
    ['seen in an earlier batch: none counts', new Set<string>(), 0],
  ])('counts a once-only stage only when %s', (_, fresh, expected) => {
    const totals = totalBatch([fact(1, open('t1')), fact(2, open('t1'))], new Set([...fresh].map(key)));
    expect([...totals.email.values()].reduce((sum, entry) => sum + entry.counts.opened_unique, 0)).toBe(
      expected,
    );
  });

  it("scopes once-only stages to the workspace, so no tenant can use up another's", () => {
    expect(firstSeenKeysOf([fact(1, open('t1')), fact(2, open('t1'))])).toEqual([
      { subject: `${workspaceId}/t1`, kind: 'opened' },
    ]);
  });

  it.each<[string, EventFacts[], object]>([
    [
      'created, verified, deleted in order',
      [
        fact(1, { kind: 'lead', clientId: 'l1', source: 'import', status: 'unverified', deleted: false }),
        fact(2, { kind: 'lead', clientId: 'l1', status: 'valid' }),
        fact(3, { kind: 'lead', clientId: 'l1', deleted: true }),
      ],
      { source: 'import', status: 'valid', deleted: true },
    ],
    [
      'an older created after a delete: only its source is taken',
      [
        fact(3, { kind: 'lead', clientId: 'l1', deleted: true }),
        fact(1, { kind: 'lead', clientId: 'l1', source: 'scrape', status: 'unverified', deleted: false }),
      ],
      { source: 'scrape', deleted: true },
    ],
  ])('keeps a lead’s newest state: %s', (_, facts, expected) => {
    const lead = totalBatch(facts, new Set()).leads.get(`${workspaceId}|l1`);
    expect(lead).toMatchObject(expected);
    expect(lead?.asOf).toEqual(new Date(Date.UTC(2026, 2, 2, 8, 3)));
  });
});
