import { eventTypes } from '@coldreach/contracts';
import { queryRows } from '@coldreach/db';
import {
  emailEventsInOutbox,
  insertDeliveries,
  insertMailbox,
  openLedgerDatabase,
  openPgliteLedger,
  readDeliveries,
  type LedgerDatabase,
} from '../../../test/ledger-fixtures';
import { deliveryRecordOf } from './delivery-row';
import { recordOutcomes } from './delivery-outcomes';

jest.setTimeout(60_000);

describe.each([
  ['PostgreSQL', () => openLedgerDatabase()],
  ['PGlite', () => openPgliteLedger()],
])('recordOutcomes (%s)', (_name, open) => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db?.dispose());

  it('moves only the rows still held under their token, each with its events, in one statement', async () => {
    const { dataSource } = db;
    const mailbox = await insertMailbox(dataSource);
    const ids = await insertDeliveries(dataSource, mailbox, [
      { to: 'a@example.com', status: 'sending' },
      { to: 'b@example.com', status: 'sending' },
      { to: 'c@example.com', status: 'sending' },
      { to: 'd@example.com' },
    ]);
    await queryRows(
      dataSource.manager,
      'UPDATE deliveries SET fencing_token = 7 WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const [a, b, c, d] = await readDeliveries(dataSource, ids);
    const applied = await recordOutcomes(dataSource, 'sending', [
      { delivery: deliveryRecordOf(a!), status: 'sent', code: 250, response: '250 2.0.0 queued' },
      { delivery: deliveryRecordOf(b!), status: 'failed', code: 550, reason: '550 5.1.1 no such user' },
      // Another claim took this one since (a newer token): this worker's word no longer counts.
      {
        delivery: { ...deliveryRecordOf(c!), fencingToken: '6' },
        status: 'sent',
        code: 250,
        response: '250 2.0.0 queued',
      },
      // Not `sending` at all.
      { delivery: deliveryRecordOf(d!), status: 'sent', code: 250, response: '250 2.0.0 queued' },
    ]);

    expect(applied).toEqual(new Set([a!.id, b!.id]));
    const after = await readDeliveries(dataSource, ids);
    expect(after.map((row) => row.status)).toEqual(['sent', 'failed', 'sending', 'scheduled']);
    expect(after[0]!.sent_at).not.toBeNull();
    expect(after[1]!.last_error).toBe('550 5.1.1 no such user');
    const outbox = await queryRows<{ key: string }>(
      dataSource.manager,
      "SELECT key FROM outbox_events WHERE topic = 'email.events' ORDER BY id",
      [],
    );
    expect(outbox.map((row) => row.key)).toEqual([a!.id, b!.id]);
    expect((await emailEventsInOutbox(dataSource)).map((event) => event.type)).toEqual([
      eventTypes.emailSent,
      eventTypes.emailFailed,
    ]);
  });

  it('records a hard bounce with its suppression and both events (in a transaction)', async () => {
    const { dataSource } = db;
    await queryRows(dataSource.manager, 'DELETE FROM outbox_events', []);
    const mailbox = await insertMailbox(dataSource);
    const [id] = await insertDeliveries(dataSource, mailbox, [{ to: 'Gone@Example.com', status: 'sending' }]);
    const [row] = await readDeliveries(dataSource, [id!]);
    const applied = await recordOutcomes(dataSource, 'sending', [
      {
        delivery: deliveryRecordOf(row!),
        status: 'failed',
        code: 550,
        reason: '550 5.1.1 no such user',
        bounce: true,
      },
    ]);
    expect(applied).toEqual(new Set([id]));
    const suppressions = await queryRows<{ email: string; reason: string }>(
      dataSource.manager,
      'SELECT email, reason FROM suppressions WHERE workspace_id = $1',
      [mailbox.workspaceId],
    );
    expect(suppressions).toEqual([{ email: 'gone@example.com', reason: 'hard_bounce' }]);
    expect((await emailEventsInOutbox(dataSource)).map((event) => event.type)).toEqual([
      eventTypes.emailFailed,
      eventTypes.emailBounced,
    ]);
  });
});
