import { renderMetrics } from '@coldreach/observability';
import { metricValue } from '@coldreach/testing';
import { insertDeliveries, openWorkerBed, settled, type WorkerBed } from '../../test/ledger-fixtures';
import { watchDeliveryLedger } from '../ledger/store/ledger-metrics';

jest.setTimeout(60_000);

describe('email metrics on PostgreSQL and a real SMTP server', () => {
  let bed: WorkerBed;
  beforeEach(async () => {
    bed = await openWorkerBed();
  });
  afterEach(() => bed.stop());

  it('count sends by mailbox and outcome, and the ledger by state', async () => {
    const { dataSource, sink, mailbox } = bed;
    watchDeliveryLedger([dataSource]);
    sink.setBehaviour((input) =>
      input.recipient === 'gone@example.test'
        ? { action: 'reply', at: 'rcpt', code: 550, message: 'no such user' }
        : { action: 'accept' },
    );
    await insertDeliveries(dataSource, mailbox, [
      { to: 'one@example.test', firstName: 'One' },
      { to: 'two@example.test', firstName: 'Two' },
      { to: 'gone@example.test', firstName: 'Gone' },
    ]);
    const before = (await renderMetrics()).body;
    expect(metricValue(before, 'coldreach_delivery_ledger_rows', { state: 'scheduled' })).toBe(3);
    expect(
      metricValue(before, 'coldreach_delivery_ledger_oldest_age_seconds', { state: 'scheduled' }),
    ).toBeGreaterThanOrEqual(0);

    bed.start();
    expect(await settled(dataSource)).toEqual({ sent: 2, failed: 1 });
    const after = (await renderMetrics()).body;
    const sends = (outcome: string) =>
      metricValue(after, 'coldreach_email_send_outcomes_total', { mailbox: mailbox.id, outcome }) -
      metricValue(before, 'coldreach_email_send_outcomes_total', { mailbox: mailbox.id, outcome });
    expect(sends('sent')).toBe(2);
    expect(sends('bounced')).toBe(1);
    expect(sends('failed')).toBe(0);
    expect(metricValue(after, 'coldreach_delivery_ledger_rows', { state: 'scheduled' })).toBe(0);
    expect(metricValue(after, 'coldreach_delivery_ledger_oldest_age_seconds', { state: 'scheduled' })).toBe(
      0,
    );
  });
});
