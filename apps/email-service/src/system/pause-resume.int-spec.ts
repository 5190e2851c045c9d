// Pausing and resuming a running campaign ten times must never send an email twice, and the
// mailbox's daily cap and per-domain hourly cap must hold, as the SMTP sink's own records show.
import { setTimeout as sleep } from 'node:timers/promises';
import { queryRows } from '@coldreach/db';
import { startSmtpSink, waitFor, type SmtpSink } from '@coldreach/testing';
import { duplicates } from '../../test/system/ledger-tally';
import { startOutreachStack, type OutreachStack } from '../../test/system/outreach-stack';

/** The fields these tests read from the API's JSON answers. */
interface ApiBody {
  id: string;
  status: string;
  data: ApiBody[];
  subject: string;
  headers: { name: string; value: string }[];
}

jest.setTimeout(300_000);

const dailyCap = 220;
const domainHourlyCap = 100;
// 150 leads at one domain (its hourly cap lets 100 through) and 75 at each of two others: 250
// sendable, so the daily cap (220) is what stops the run.
const leadsByDomain = { 'big.test': 150, 'one.test': 75, 'two.test': 75 };

describe('pause and resume ten times during a run', () => {
  let stack: OutreachStack;
  let sink: SmtpSink;

  beforeAll(async () => {
    // A little latency per reply so the run lasts long enough to be paused many times.
    sink = await startSmtpSink({ replyDelayMs: 10 });
    stack = await startOutreachStack({ workerConcurrency: 8 });
  });
  afterAll(async () => {
    await stack?.stop();
    await sink?.close();
  });

  const json = (response: { body: string }) => JSON.parse(response.body) as ApiBody;

  it('sends nothing twice and never exceeds the caps', async () => {
    const inputs = Object.entries(leadsByDomain).flatMap(([domain, count]) =>
      Array.from({ length: count }, (_, i) => ({ email: `lead${i}@${domain}`, firstName: `Lead${i}` })),
    );
    const upserted = await stack.clients.upsertClients({ workspaceId: stack.workspaceId, clients: inputs });
    const clientIds = upserted.results.map((result) => result.clientId);
    const mailbox = json(
      await stack.call('POST', '/api/mailboxes', {
        name: 'Capped',
        fromAddress: 'sales@acme.test',
        smtpUrl: sink.url,
        dailyCap,
        domainHourlyCap,
      }),
    );
    const campaign = json(
      await stack.call('POST', '/api/campaigns', { name: 'Caps', mailboxIds: [mailbox.id] }),
    );
    await stack.call('POST', `/api/campaigns/${campaign.id}/steps`, {
      subject: 'Hi {{first_name}}',
      textBody: 'Hello',
    });
    expect((await stack.call('POST', `/api/campaigns/${campaign.id}/leads`, { clientIds })).statusCode).toBe(
      200,
    );
    expect((await stack.call('POST', `/api/campaigns/${campaign.id}/launch`)).statusCode).toBe(200);

    await waitFor(() => sink.messages.length > 0, { timeoutMs: 60_000, what: 'the first email' });
    const sentAtPause: number[] = [];
    // The pauses and resumes land at random moments of the run, as a user's clicks would: these
    // pauses are the scenario itself, not waits for anything.
    for (let round = 0; round < 10; round++) {
      expect((await stack.call('POST', `/api/campaigns/${campaign.id}/pause`)).statusCode).toBe(200);
      sentAtPause.push(sink.messages.length);
      await sleep(200 + Math.random() * 300);
      expect((await stack.call('POST', `/api/campaigns/${campaign.id}/resume`)).statusCode).toBe(200);
      await sleep(100 + Math.random() * 200);
    }

    await waitFor(() => sink.messages.length >= dailyCap, {
      timeoutMs: 120_000,
      what: 'the daily cap to be reached',
    });
    // Every lead's delivery is in the ledger and none is due or under way: each is sent or put off
    // until its cap reopens, so nothing more can go out now; a leaked cap would have shown by then.
    await waitFor(
      async () => {
        const [row] = await queryRows<{ total: number; open: number }>(
          stack.emailDb.manager,
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('pending', 'claimed', 'sending')
             OR (status = 'scheduled' AND scheduled_at <= now()))::int AS open FROM deliveries`,
          [],
        );
        return row?.total === clientIds.length && row.open === 0;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'every delivery sent or put off' },
    );
    const messages = sink.messages;
    expect(duplicates(messages.map((message) => message.messageId))).toEqual([]);
    expect(messages.length).toBe(dailyCap);
    const perDomainHour = new Map<string, number>();
    for (const message of messages) {
      const domain = message.envelope.to[0]!.split('@')[1]!;
      const hour = Math.floor(message.receivedAt / 3_600_000);
      const key = `${domain} ${hour}`;
      perDomainHour.set(key, (perDomainHour.get(key) ?? 0) + 1);
    }
    for (const count of perDomainHour.values()) expect(count).toBeLessThanOrEqual(domainHourlyCap);
    // The pauses landed while mail was flowing.
    expect(sentAtPause[0]).toBeLessThan(dailyCap);
    const tasks = await stack.campaigns.listTasks({
      workspaceId: stack.workspaceId,
      campaignId: campaign.id,
      pageSize: 500,
    });
    const sent = tasks.tasks.filter((task) => task.sentTime !== undefined);
    expect(sent.length).toBeLessThanOrEqual(dailyCap);
  });
});
