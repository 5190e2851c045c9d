// Builders of every event analytics counts, as their producers publish them, for the tests.
import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import {
  CampaignCompletedSchema,
  CampaignCreatedSchema,
  CampaignDeletedSchema,
  CampaignLaunchedSchema,
  CampaignPausedSchema,
  ClientCreatedSchema,
  ClientDeletedSchema,
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
  LeadUnsubscribedSchema,
  ScrapeContactFoundSchema,
  ScrapeJobFinishedSchema,
  eventTypes,
  topics,
  type LeadSource,
  type VerificationStatus,
} from '@coldreach/contracts';
import type { EventMessage } from '@coldreach/events';
import { createEnvelope } from '@coldreach/outbox';

/** An event with the topic it goes to. */
export interface TopicEvent {
  topic: string;
  message: EventMessage & { eventId: string };
}

function event<Desc extends DescMessage>(
  topic: string,
  type: string,
  workspaceId: string,
  key: string,
  at: Date,
  schema: Desc,
  init: MessageInitShape<Desc>,
): TopicEvent {
  const message = createEnvelope({
    type,
    workspaceId,
    key,
    source: 'analytics-test',
    occurredAt: at,
    payload: { schema, message: create(schema, init) },
  });
  return { topic, message };
}

export interface Delivery {
  taskId: string;
  campaignId: string;
  clientId: string;
  stepId: string;
  stepPosition: number;
  mailboxId: string;
}

type DeliverySchema =
  | typeof EmailSentSchema
  | typeof EmailFailedSchema
  | typeof EmailUnknownSchema
  | typeof EmailSuppressedSchema
  | typeof EmailBouncedSchema
  | typeof EmailRepliedSchema;

const outcome =
  (type: string, schema: DeliverySchema) =>
  (workspaceId: string, delivery: Delivery, at: Date): TopicEvent =>
    event(topics.emailEvents, type, workspaceId, delivery.taskId, at, schema, { delivery });

/** One builder per event type; `at` is the event's occurred-at. */
export const analyticsEvents = {
  clientCreated: (
    workspaceId: string,
    clientId: string,
    source: LeadSource,
    status: VerificationStatus,
    at: Date,
  ) =>
    event(topics.clientsEvents, eventTypes.clientCreated, workspaceId, clientId, at, ClientCreatedSchema, {
      client: {
        id: clientId,
        workspaceId,
        email: `${clientId.slice(0, 8)}@corp.example`,
        verificationStatus: status,
      },
      source,
    }),
  clientVerified: (workspaceId: string, clientId: string, status: VerificationStatus, at: Date) =>
    event(topics.clientsEvents, eventTypes.clientVerified, workspaceId, clientId, at, ClientVerifiedSchema, {
      workspaceId,
      clientId,
      verification: { status },
    }),
  clientDeleted: (workspaceId: string, clientId: string, at: Date) =>
    event(topics.clientsEvents, eventTypes.clientDeleted, workspaceId, clientId, at, ClientDeletedSchema, {
      clientId,
    }),
  campaignCreated: (workspaceId: string, campaignId: string, at: Date) =>
    event(
      topics.campaignsEvents,
      eventTypes.campaignCreated,
      workspaceId,
      campaignId,
      at,
      CampaignCreatedSchema,
      {
        campaignId,
        name: 'Spring outreach',
      },
    ),
  campaignLaunched: (workspaceId: string, campaignId: string, leadCount: number, at: Date) =>
    event(
      topics.campaignsEvents,
      eventTypes.campaignLaunched,
      workspaceId,
      campaignId,
      at,
      CampaignLaunchedSchema,
      {
        campaignId,
        leadCount,
        stepCount: 2,
      },
    ),
  campaignPaused: (workspaceId: string, campaignId: string, at: Date) =>
    event(
      topics.campaignsEvents,
      eventTypes.campaignPaused,
      workspaceId,
      campaignId,
      at,
      CampaignPausedSchema,
      {
        campaignId,
      },
    ),
  campaignCompleted: (
    workspaceId: string,
    campaignId: string,
    completed: number,
    stopped: number,
    at: Date,
  ) =>
    event(
      topics.campaignsEvents,
      eventTypes.campaignCompleted,
      workspaceId,
      campaignId,
      at,
      CampaignCompletedSchema,
      { campaignId, completedLeadCount: completed, stoppedLeadCount: stopped },
    ),
  campaignDeleted: (workspaceId: string, campaignId: string, at: Date) =>
    event(
      topics.campaignsEvents,
      eventTypes.campaignDeleted,
      workspaceId,
      campaignId,
      at,
      CampaignDeletedSchema,
      {
        campaignId,
      },
    ),
  sendRequested: (workspaceId: string, delivery: Delivery, at: Date) =>
    event(
      topics.emailCommands,
      eventTypes.emailSendRequested,
      workspaceId,
      delivery.taskId,
      at,
      EmailSendRequestedSchema,
      { ...delivery, subjectTemplate: 'Hello {{first_name}}', textBodyTemplate: 'Hi there' },
    ),
  sent: outcome(eventTypes.emailSent, EmailSentSchema),
  failed: outcome(eventTypes.emailFailed, EmailFailedSchema),
  unknown: outcome(eventTypes.emailUnknown, EmailUnknownSchema),
  suppressed: outcome(eventTypes.emailSuppressed, EmailSuppressedSchema),
  bounced: outcome(eventTypes.emailBounced, EmailBouncedSchema),
  replied: outcome(eventTypes.emailReplied, EmailRepliedSchema),
  opened: (workspaceId: string, delivery: Delivery, automated: boolean, at: Date) =>
    event(topics.emailEvents, eventTypes.emailOpened, workspaceId, delivery.taskId, at, EmailOpenedSchema, {
      delivery,
      automated,
      automatedReason: automated ? 'apple-mail-privacy' : '',
    }),
  clicked: (workspaceId: string, delivery: Delivery, automated: boolean, at: Date) =>
    event(topics.emailEvents, eventTypes.emailClicked, workspaceId, delivery.taskId, at, EmailClickedSchema, {
      delivery,
      linkIndex: 0,
      url: 'https://corp.example/pricing',
      automated,
      automatedReason: automated ? 'too-soon-after-delivery' : '',
    }),
  unsubscribed: (workspaceId: string, delivery: Delivery, at: Date) =>
    event(
      topics.emailEvents,
      eventTypes.leadUnsubscribed,
      workspaceId,
      delivery.clientId,
      at,
      LeadUnsubscribedSchema,
      {
        clientId: delivery.clientId,
        email: 'someone@corp.example',
        taskId: delivery.taskId,
        campaignId: delivery.campaignId,
      },
    ),
  contactFound: (workspaceId: string, jobId: string, at: Date) =>
    event(
      topics.scrapeEvents,
      eventTypes.scrapeContactFound,
      workspaceId,
      jobId,
      at,
      ScrapeContactFoundSchema,
      {
        jobId,
        result: { workspaceId, jobId, email: 'found@corp.example' },
      },
    ),
  jobFinished: (workspaceId: string, jobId: string, pagesCrawled: number, at: Date) =>
    event(
      topics.scrapeEvents,
      eventTypes.scrapeJobFinished,
      workspaceId,
      jobId,
      at,
      ScrapeJobFinishedSchema,
      {
        jobId,
        pagesCrawled,
      },
    ),
};
