import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  CampaignCompletedSchema,
  CampaignCreatedSchema,
  CampaignDeletedSchema,
  CampaignLaunchedSchema,
  CampaignPausedSchema,
  CampaignResumedSchema,
  ClientCreatedSchema,
  ClientDeletedSchema,
  ClientUpdatedSchema,
  ClientVerifiedSchema,
  EmailBouncedSchema,
  EmailClickedSchema,
  EmailFailedSchema,
  EmailOpenedSchema,
  EmailRepliedSchema,
  EmailSendRequestedSchema,
  EmailSentSchema,
  EmailSuppressedSchema,
  EmailUnknownSchema,
  LeadSource,
  LeadUnsubscribedSchema,
  ScrapeContactFoundSchema,
  ScrapeJobFinishedSchema,
  ScrapePageCrawledSchema,
  ScrapeRequestedSchema,
  eventTypes,
  verificationStatusName,
  type DeliveryRef,
  type EventEnvelope,
  type VerificationStatus,
} from '@coldreach/contracts';
import { isUuid } from '@coldreach/ids';
import { invalidMessage, unpackPayload } from '@coldreach/outbox';
import type { EmailCounter, WorkspaceCounter } from '../persistence/analytics-tables';

/** Which email counter row an event adds to; '' where the event has no campaign, step or mailbox. */
export interface EmailRowKey {
  campaignId: string;
  stepId: string;
  mailboxId: string;
  stepPosition: number;
}

/** Counts only the first time `subject` reaches `kind` (a delivery's first open, a job's first event). */
export interface FirstOf {
  subject: string;
  kind: string;
}

export type Effect =
  | { kind: 'email'; row: EmailRowKey; counter: EmailCounter; firstOf?: FirstOf }
  | { kind: 'workspace'; counter: WorkspaceCounter; amount: number; firstOf?: FirstOf }
  | { kind: 'lead'; clientId: string; source?: string; status?: string; deleted?: boolean }
  | { kind: 'campaign'; campaignId: string; status?: string; leads?: number };

/** What one event means to the counters. */
export interface EventFacts {
  eventId: string;
  workspaceId: string;
  occurredAt: Date;
  effects: Effect[];
}

const leadSourceNames: Record<LeadSource, string> = {
  [LeadSource.UNSPECIFIED]: 'api',
  [LeadSource.API]: 'api',
  [LeadSource.IMPORT]: 'import',
  [LeadSource.SCRAPE]: 'scrape',
};

/**
 * The effects of one event on the counters; undefined for a type analytics does not count (a newer
 * producer's, a command, or a summary such as clients.imported). Throws an InvalidMessageError
 * (dead-lettered) when the event cannot be deduplicated or scoped: its event id or workspace id is
 * not a UUID, or it has no time.
 */
export function eventFacts(envelope: EventEnvelope): EventFacts | undefined {
  // Own keys only: a type such as "constructor" is no reader.
  const reader = Object.hasOwn(effectReaders, envelope.type) ? effectReaders[envelope.type] : undefined;
  if (!reader) return undefined;
  const which = `event ${envelope.eventId.slice(0, 64)} (${envelope.type.slice(0, 64)})`;
  if (!isUuid(envelope.eventId)) throw invalidMessage(`${which}: event_id must be a UUID`);
  if (!isUuid(envelope.workspaceId)) throw invalidMessage(`${which}: workspace_id must be a UUID`);
  if (!envelope.occurredAt) throw invalidMessage(`${which}: occurred_at is missing`);
  return {
    eventId: envelope.eventId.toLowerCase(),
    workspaceId: envelope.workspaceId.toLowerCase(),
    occurredAt: timestampDate(envelope.occurredAt),
    effects: reader(envelope),
  };
}

type EffectReader = (envelope: EventEnvelope) => Effect[];

const effectReaders: Record<string, EffectReader> = {
  [eventTypes.clientCreated]: (envelope) => {
    const event = unpackPayload(envelope, ClientCreatedSchema);
    const client = event.client;
    if (!client) return [];
    return [
      {
        kind: 'lead',
        clientId: client.id.toLowerCase(),
        source: leadSourceNames[event.source] ?? 'api',
        status: statusName(client.verificationStatus),
        deleted: false,
      },
      { kind: 'workspace', counter: 'leads_created', amount: 1 },
    ];
  },
  [eventTypes.clientUpdated]: (envelope) => {
    const client = unpackPayload(envelope, ClientUpdatedSchema).client;
    if (!client) return [];
    return [
      { kind: 'lead', clientId: client.id.toLowerCase(), status: statusName(client.verificationStatus) },
    ];
  },
  [eventTypes.clientVerified]: (envelope) => {
    const event = unpackPayload(envelope, ClientVerifiedSchema);
    const status = event.verification && verificationStatusName(event.verification.status);
    return status ? [{ kind: 'lead', clientId: event.clientId.toLowerCase(), status }] : [];
  },
  [eventTypes.clientDeleted]: (envelope) => [
    {
      kind: 'lead',
      clientId: unpackPayload(envelope, ClientDeletedSchema).clientId.toLowerCase(),
      deleted: true,
    },
  ],
  [eventTypes.campaignCreated]: campaignStatus(CampaignCreatedSchema, 'draft'),
  [eventTypes.campaignPaused]: campaignStatus(CampaignPausedSchema, 'paused'),
  [eventTypes.campaignResumed]: campaignStatus(CampaignResumedSchema, 'active'),
  [eventTypes.campaignDeleted]: campaignStatus(CampaignDeletedSchema, 'deleted'),
  [eventTypes.campaignLaunched]: (envelope) => {
    const event = unpackPayload(envelope, CampaignLaunchedSchema);
    return [
      {
        kind: 'campaign',
        campaignId: event.campaignId.toLowerCase(),
        status: 'active',
        leads: event.leadCount,
      },
    ];
  },
  [eventTypes.campaignCompleted]: (envelope) => {
    const event = unpackPayload(envelope, CampaignCompletedSchema);
    // Every lead's sequence has ended: completed and stopped are all the leads it had by then.
    const leads = event.completedLeadCount + event.stoppedLeadCount;
    return [{ kind: 'campaign', campaignId: event.campaignId.toLowerCase(), status: 'completed', leads }];
  },
  [eventTypes.emailSendRequested]: (envelope) => {
    const event = unpackPayload(envelope, EmailSendRequestedSchema);
    // SendEmail's requests have no campaign; scheduled is a campaign's stage only. The campaign
    // service hands each task over once (one event), so the event id alone keeps it counted once.
    if (event.campaignId === '') return [];
    return emailEffect(event, 'scheduled');
  },
  [eventTypes.emailSent]: deliveryCounter(EmailSentSchema, 'sent'),
  [eventTypes.emailFailed]: deliveryCounter(EmailFailedSchema, 'failed'),
  [eventTypes.emailUnknown]: deliveryCounter(EmailUnknownSchema, 'unknown'),
  [eventTypes.emailSuppressed]: deliveryCounter(EmailSuppressedSchema, 'suppressed'),
  [eventTypes.emailBounced]: deliveryCounter(EmailBouncedSchema, 'bounced', 'bounced'),
  [eventTypes.emailReplied]: deliveryCounter(EmailRepliedSchema, 'replied', 'replied'),
  [eventTypes.emailOpened]: (envelope) => {
    const event = unpackPayload(envelope, EmailOpenedSchema);
    return engagement(event.delivery, event.automated, 'opened');
  },
  [eventTypes.emailClicked]: (envelope) => {
    const event = unpackPayload(envelope, EmailClickedSchema);
    return engagement(event.delivery, event.automated, 'clicked');
  },
  [eventTypes.leadUnsubscribed]: (envelope) => {
    const event = unpackPayload(envelope, LeadUnsubscribedSchema);
    // The event names the campaign but not the step or mailbox: counted on the campaign's row.
    return emailEffect(
      { campaignId: event.campaignId, stepId: '', mailboxId: '', stepPosition: 0 },
      'unsubscribed',
    );
  },
  [eventTypes.scrapeRequested]: (envelope) => scrapeJob(unpackPayload(envelope, ScrapeRequestedSchema).jobId),
  [eventTypes.scrapePageCrawled]: (envelope) =>
    scrapeJob(unpackPayload(envelope, ScrapePageCrawledSchema).jobId),
  [eventTypes.scrapeContactFound]: (envelope) => [
    ...scrapeJob(unpackPayload(envelope, ScrapeContactFoundSchema).jobId),
    { kind: 'workspace', counter: 'contacts_found', amount: 1 },
  ],
  [eventTypes.scrapeJobFinished]: (envelope) => {
    const event = unpackPayload(envelope, ScrapeJobFinishedSchema);
    return [
      ...scrapeJob(event.jobId),
      { kind: 'workspace', counter: 'pages_crawled', amount: event.pagesCrawled },
    ];
  },
};

function statusName(status: VerificationStatus): string {
  return verificationStatusName(status) ?? 'unverified';
}

function campaignStatus(
  schema:
    | typeof CampaignCreatedSchema
    | typeof CampaignPausedSchema
    | typeof CampaignResumedSchema
    | typeof CampaignDeletedSchema,
  status: string,
): EffectReader {
  return (envelope) => [
    { kind: 'campaign', campaignId: unpackPayload(envelope, schema).campaignId.toLowerCase(), status },
  ];
}

function deliveryCounter(
  schema:
    | typeof EmailSentSchema
    | typeof EmailFailedSchema
    | typeof EmailUnknownSchema
    | typeof EmailSuppressedSchema
    | typeof EmailBouncedSchema
    | typeof EmailRepliedSchema,
  counter: EmailCounter,
  oncePerDelivery?: string,
): EffectReader {
  return (envelope) => {
    const delivery = unpackPayload(envelope, schema).delivery;
    if (!delivery) return [];
    const firstOf = oncePerDelivery
      ? { subject: delivery.taskId.toLowerCase(), kind: oncePerDelivery }
      : undefined;
    return emailEffect(delivery, counter, firstOf);
  };
}

/** An open or a click: every one counts in its total, a person's first per delivery in unique. */
function engagement(
  delivery: DeliveryRef | undefined,
  automated: boolean,
  what: 'opened' | 'clicked',
): Effect[] {
  if (!delivery) return [];
  if (automated) return emailEffect(delivery, `${what}_automated`);
  return [
    ...emailEffect(delivery, `${what}_total`),
    ...emailEffect(delivery, `${what}_unique`, { subject: delivery.taskId.toLowerCase(), kind: what }),
  ];
}

function emailEffect(row: EmailRowKey, counter: EmailCounter, firstOf?: FirstOf): Effect[] {
  const key: EmailRowKey = {
    campaignId: row.campaignId.toLowerCase(),
    stepId: row.stepId.toLowerCase(),
    mailboxId: row.mailboxId.toLowerCase(),
    stepPosition: row.stepPosition,
  };
  return [firstOf ? { kind: 'email', row: key, counter, firstOf } : { kind: 'email', row: key, counter }];
}

/** A scrape job counts once, at the first of its events that arrives. */
function scrapeJob(jobId: string): Effect[] {
  return [
    {
      kind: 'workspace',
      counter: 'scrape_jobs',
      amount: 1,
      firstOf: { subject: jobId.toLowerCase(), kind: 'scrape_job' },
    },
  ];
}
