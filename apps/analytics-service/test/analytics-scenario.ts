import { randomUUID } from 'node:crypto';
import { LeadSource, VerificationStatus } from '@coldreach/contracts';
import { analyticsEvents as e, type Delivery, type TopicEvent } from './analytics-events';

/**
 * One workspace's month in events: leads from every source (some verified, some deleted), two
 * campaigns (one deleted), a two-step sequence with every outcome, opens and clicks by people and
 * by prefetchers, and two scrape jobs. `expected` is what analytics must answer for it.
 */
export function buildScenario(workspaceId: string, start: Date) {
  let minute = 0;
  const at = () => new Date(start.getTime() + minute++ * 7 * 60_000);
  const events: TopicEvent[] = [];
  const add = (...more: TopicEvent[]) => events.push(...more);

  const clients = Array.from({ length: 10 }, () => randomUUID());
  const sources = [
    LeadSource.UNSPECIFIED,
    LeadSource.API,
    LeadSource.API,
    LeadSource.UNSPECIFIED,
    LeadSource.IMPORT,
    LeadSource.IMPORT,
    LeadSource.IMPORT,
    LeadSource.SCRAPE,
    LeadSource.SCRAPE,
    LeadSource.SCRAPE,
  ];
  clients.forEach((id, i) =>
    add(e.clientCreated(workspaceId, id, sources[i]!, VerificationStatus.UNVERIFIED, at())),
  );
  add(
    e.clientVerified(workspaceId, clients[0]!, VerificationStatus.VALID, at()),
    e.clientVerified(workspaceId, clients[1]!, VerificationStatus.VALID, at()),
    e.clientVerified(workspaceId, clients[2]!, VerificationStatus.INVALID, at()),
    e.clientDeleted(workspaceId, clients[2]!, at()),
    e.clientDeleted(workspaceId, clients[3]!, at()),
  );

  const campaignId = randomUUID();
  const deletedCampaignId = randomUUID();
  add(
    e.campaignCreated(workspaceId, campaignId, at()),
    e.campaignCreated(workspaceId, deletedCampaignId, at()),
    e.campaignDeleted(workspaceId, deletedCampaignId, at()),
    e.campaignLaunched(workspaceId, campaignId, 10, at()),
  );

  const [mailboxA, mailboxB] = [randomUUID(), randomUUID()];
  const [step1, step2] = [randomUUID(), randomUUID()];
  const delivery = (stepId: string, stepPosition: number, mailboxId: string, clientId: string): Delivery => ({
    taskId: randomUUID(),
    campaignId,
    clientId,
    stepId,
    stepPosition,
    mailboxId,
  });
  const first = clients.map((client, i) => delivery(step1, 1, i < 5 ? mailboxA : mailboxB, client));
  const second = clients.slice(0, 4).map((client) => delivery(step2, 2, mailboxA, client));
  for (const d of [...first, ...second]) add(e.sendRequested(workspaceId, d, at()));
  first.slice(0, 8).forEach((d) => add(e.sent(workspaceId, d, at())));
  add(e.failed(workspaceId, first[8]!, at()), e.suppressed(workspaceId, first[9]!, at()));
  // Opens: a person three times and a prefetcher once on #0, a person once on #1, only a prefetcher on #2.
  add(
    e.opened(workspaceId, first[0]!, true, at()),
    e.opened(workspaceId, first[0]!, false, at()),
    e.opened(workspaceId, first[0]!, false, at()),
    e.opened(workspaceId, first[0]!, false, at()),
    e.opened(workspaceId, first[1]!, false, at()),
    e.opened(workspaceId, first[2]!, true, at()),
    e.clicked(workspaceId, first[0]!, false, at()),
    e.clicked(workspaceId, first[0]!, false, at()),
    e.clicked(workspaceId, first[3]!, true, at()),
  );
  // Two replies to #0 count once; a soft then a hard bounce of #7 too.
  add(
    e.replied(workspaceId, first[0]!, at()),
    e.replied(workspaceId, first[0]!, at()),
    e.replied(workspaceId, first[1]!, at()),
    e.bounced(workspaceId, first[7]!, at()),
    e.bounced(workspaceId, first[7]!, at()),
    e.unsubscribed(workspaceId, first[4]!, at()),
  );
  second.slice(0, 3).forEach((d) => add(e.sent(workspaceId, d, at())));
  add(e.unknown(workspaceId, second[3]!, at()), e.campaignPaused(workspaceId, campaignId, at()));

  const [job1, job2] = [randomUUID(), randomUUID()];
  add(
    e.contactFound(workspaceId, job1, at()),
    e.contactFound(workspaceId, job1, at()),
    e.contactFound(workspaceId, job1, at()),
    e.jobFinished(workspaceId, job1, 12, at()),
    e.jobFinished(workspaceId, job2, 5, at()),
  );

  const zero = { leads: 0n, unsubscribed: 0n, unknown: 0n };
  return {
    workspaceId,
    events,
    campaignId,
    deletedCampaignId,
    steps: [step1, step2] as const,
    mailboxes: [mailboxA, mailboxB] as const,
    lastEventAt: new Date(start.getTime() + (minute - 1) * 7 * 60_000),
    expected: {
      overview: {
        leads: 8n,
        campaigns: 1n,
        activeCampaigns: 0n,
        emailsSent: 11n,
        emailsFailed: 1n,
        emailsUnknown: 1n,
        emailsSuppressed: 1n,
        unsubscribes: 1n,
        bounces: 1n,
        replies: 2n,
        scrapeJobs: 2n,
        contactsFound: 3n,
        pagesCrawled: 17n,
        emailsOpened: 2n,
        emailsClicked: 1n,
        leadsBySource: [
          { key: 'import', count: 3n },
          { key: 'scrape', count: 3n },
          { key: 'api', count: 2n },
        ],
        leadsByVerificationStatus: [
          { key: 'unverified', count: 6n },
          { key: 'valid', count: 2n },
        ],
        emailsSentByMailbox: [
          { key: mailboxA, count: 8n },
          { key: mailboxB, count: 3n },
        ],
      },
      step1: {
        ...zero,
        scheduled: 10n,
        sent: 8n,
        failed: 1n,
        suppressed: 1n,
        bounced: 1n,
        replied: 2n,
        openedUnique: 2n,
        openedTotal: 4n,
        openedAutomated: 2n,
        clickedUnique: 1n,
        clickedTotal: 2n,
        clickedAutomated: 1n,
      },
      step2: { ...zero, scheduled: 4n, sent: 3n, unknown: 1n },
      total: {
        leads: 10n,
        scheduled: 14n,
        sent: 11n,
        failed: 1n,
        unknown: 1n,
        suppressed: 1n,
        unsubscribed: 1n,
        bounced: 1n,
        replied: 2n,
        openedUnique: 2n,
        openedTotal: 4n,
        openedAutomated: 2n,
        clickedUnique: 1n,
        clickedTotal: 2n,
        clickedAutomated: 1n,
      },
    },
  };
}
