// Sharding by workspace: each workspace's mailboxes, deliveries, suppressions and events are on its
// own shard and nowhere else; lists and lookups answer the same as on one database; token calls
// (unsubscribe, opens) find their workspace's shard from the token.
import { Code } from '@connectrpc/connect';
import { SuppressionReason, eventTypes } from '@coldreach/contracts';
import { queryRows } from '@coldreach/db';
import { createOpenToken, createUnsubscribeToken } from '@coldreach/outreach';
import { waitFor } from '@coldreach/testing';
import { harnessShardCount, rejection, startHarness, type Harness } from '../test/email-service-harness';

jest.setTimeout(120_000);

describe('the email service on two shards, routed by workspace (PostgreSQL)', () => {
  // The API alone: the workers would claim the scheduled emails the lists below count on.
  const apiOnly = { roles: { api: true, workers: false } };
  let h: Harness;
  afterAll(() => h?.stop());
  beforeAll(async () => void (h = await startHarness(apiOnly)));

  /** A workspace on shard `index` with a mailbox, a lead, a scheduled email and a suppression. */
  async function workspaceWithMail(index: number) {
    const workspaceId = h.workspaceOn(index);
    const mailboxId = await h.createMailbox(workspaceId);
    const clientId = await h.createClient(workspaceId, `lead${index}@prospect.example`);
    const inAnHour = { seconds: BigInt(Math.floor(Date.now() / 1000) + 3600), nanos: 0 };
    const { deliveryId } = await h.rpc.sendEmail({
      workspaceId,
      clientId,
      mailboxId,
      subject: 's',
      textBody: 't',
      scheduledTime: inAnHour,
    });
    await h.rpc.addSuppression({ workspaceId, email: `blocked${index}@prospect.example` });
    return { workspaceId, mailboxId, clientId, deliveryId };
  }

  /** How many rows of `table` each shard holds for `workspaceId`, in shard order. */
  const rowsPerShard = (table: string, workspaceId: string) =>
    Promise.all(
      h.shards.shards.map(async (shard) => {
        const [row] = await queryRows<{ n: number }>(
          shard.manager,
          `SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = $1`,
          [workspaceId],
        );
        return row!.n;
      }),
    );

  it('keeps every row of a workspace on its shard, and answers each workspace only its own', async () => {
    expect(harnessShardCount).toBe(2);
    const a = await workspaceWithMail(0);
    const b = await workspaceWithMail(1);
    for (const [index, { workspaceId }] of [a, b].entries()) {
      const expected = (count: number) => [0, 1].map((shard) => (shard === index ? count : 0));
      expect(await rowsPerShard('mailboxes', workspaceId)).toEqual(expected(1));
      expect(await rowsPerShard('deliveries', workspaceId)).toEqual(expected(1));
      expect(await rowsPerShard('suppressions', workspaceId)).toEqual(expected(1));
    }

    // Lists and lookups: each workspace sees its rows, never the other's, whichever shard it asks.
    for (const [own, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const { workspaceId } = own;
      expect((await h.rpc.listMailboxes({ workspaceId })).mailboxes.map((m) => m.id)).toEqual([
        own.mailboxId,
      ]);
      expect((await h.rpc.listDeliveries({ workspaceId })).deliveries.map((d) => d.id)).toEqual([
        own.deliveryId,
      ]);
      expect((await h.rpc.getDelivery({ workspaceId, id: own.deliveryId })).delivery?.mailboxId).toBe(
        own.mailboxId,
      );
      await rejection(h.rpc.getDelivery({ workspaceId, id: other.deliveryId }), Code.NotFound);
      await rejection(h.rpc.getMailbox({ workspaceId, id: other.mailboxId }), Code.NotFound);
      const suppressed = await h.rpc.listSuppressions({ workspaceId });
      expect(suppressed.suppressions.map((s) => s.email)).toEqual([
        `blocked${own === a ? 0 : 1}@prospect.example`,
      ]);
    }
  });

  it('routes an upper-case workspace id to the same shard as the lower-case one the rows carry', async () => {
    // A workspace whose upper-case id, routed as is, would name the other shard.
    let b = await workspaceWithMail(1);
    while (h.shards.indexFor(b.workspaceId.toUpperCase()) === 1) b = await workspaceWithMail(1);
    const upper = b.workspaceId.toUpperCase();
    const { delivery } = await h.rpc.getDelivery({ workspaceId: upper, id: b.deliveryId });
    expect(delivery?.id).toBe(b.deliveryId);
  });

  it('finds the shard of an unsubscribe or open token from the workspace the token carries', async () => {
    for (const index of [0, 1]) {
      const { workspaceId, clientId, deliveryId } = await workspaceWithMail(index);
      const token = createUnsubscribeToken(
        { workspaceId, clientId, deliveryId, issuedAt: new Date() },
        h.unsubscribeSecret,
      );
      expect(await h.rpc.unsubscribe({ token })).toMatchObject({ alreadyUnsubscribed: false });
      const { suppressions } = await h.rpc.checkSuppression({
        workspaceId,
        emails: [`lead${index}@prospect.example`],
      });
      expect(suppressions.map((s) => s.reason)).toEqual([SuppressionReason.UNSUBSCRIBE]);
      // The entry (and its event) are on the workspace's shard only.
      expect(await rowsPerShard('suppressions', workspaceId)).toEqual(index === 0 ? [2, 0] : [0, 2]);

      await h.rpc.recordOpen({ token: createOpenToken({ workspaceId, deliveryId }, h.unsubscribeSecret) });
      await waitFor(
        () =>
          h.emailEvents.some(
            (event) => event.type === eventTypes.emailOpened && event.workspaceId === workspaceId,
          ),
        { timeoutMs: 60_000, what: `the open of the shard ${index} workspace to be published` },
      );
    }
  });
});
