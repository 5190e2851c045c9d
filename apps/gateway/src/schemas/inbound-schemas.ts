// JSON schemas of what arrives in the mailboxes' inboxes (read over IMAP, classified and matched to
// what was sent) and of the local-mode tool that simulates an answer to a caught email.
import { InboundKind } from '@coldreach/contracts';
import { commaListPattern, enumNames } from '../mapping/proto-values';
import {
  enumListQuery,
  nullableString,
  nullableTime,
  pageQueryProperties,
  pageSchema,
  timeProperty,
  uuidQuery,
  type PageQuery,
} from './common-schemas';

/** The REST names of InboundKind: reply, auto-reply, bounce, complaint, unsubscribe-request, unrelated. */
export const inboundKindNames = enumNames(InboundKind).map((name) => name.replace(/_/g, '-'));

export const inboundMessageSchema = {
  $id: 'InboundMessage',
  type: 'object',
  required: [
    'id',
    'kind',
    'mailboxId',
    'deliveryId',
    'campaignId',
    'leadId',
    'from',
    'subject',
    'snippet',
    'messageId',
    'receivedAt',
    'bounce',
    'returnAt',
  ],
  description:
    "One message read from a mailbox's inbox. Only what a user needs to see the answer is kept " +
    '(sender, subject, time, a short snippet), never the whole body.',
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: {
      type: 'string',
      enum: inboundKindNames,
      description:
        'reply: the lead answered (its sequence stops when the campaign says stopOnReply); auto-reply: an ' +
        'automatic answer (out of office…), not a reply; bounce: a delivery status notification; complaint: ' +
        'a spam report (ARF); unsubscribe-request: an answer asking to be removed; unrelated: not about our emails.',
    },
    mailboxId: { type: 'string', format: 'uuid' },
    deliveryId: nullableString('The delivery it answers or reports on; null when none matched.'),
    campaignId: nullableString('The campaign of that delivery; null for none.'),
    leadId: nullableString('The lead of that delivery; null for none.'),
    from: { type: 'string', description: 'The sender address, lower-cased.' },
    subject: { type: 'string' },
    snippet: {
      type: 'string',
      description: 'At most 280 characters of the new text (quoted history and signature left out).',
    },
    messageId: { type: 'string', description: "The message's own Message-ID." },
    receivedAt: timeProperty,
    bounce: {
      type: ['object', 'null'],
      description: 'Bounces only: hard or soft, the DSN status (e.g. 5.1.1) and the bounced address.',
      required: ['type', 'status', 'address'],
      properties: {
        type: { type: 'string', enum: ['hard', 'soft'] },
        status: { type: 'string' },
        address: { type: 'string' },
      },
    },
    returnAt: nullableTime('An out-of-office that says when its sender is back.'),
  },
} as const;

export const inboundMessagePageSchema = pageSchema('InboundMessagePage', 'InboundMessage', 'Newest first.');

const kindQuery = enumListQuery(
  commaListPattern(inboundKindNames),
  'Comma-separated kinds (e.g. reply,unsubscribe-request).',
);

export const listInboundQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQueryProperties,
    kind: kindQuery,
    campaignId: uuidQuery("Only what answers this campaign's emails."),
    leadId: uuidQuery("Only what answers this lead's emails."),
    mailboxId: uuidQuery("Only what arrived in this mailbox's inbox."),
  },
} as const;

/** The replies of one campaign or lead: pages only. */
export const listRepliesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: pageQueryProperties,
} as const;

/** What a simulated answer to a caught email is. */
export const simulatedKindNames = ['reply', 'auto-reply', 'unsubscribe', 'bounce'] as const;
export type SimulatedKind = (typeof simulatedKindNames)[number];

export const simulateReplyBodySchema = {
  $id: 'SimulateReply',
  type: 'object',
  additionalProperties: false,
  properties: {
    text: {
      type: 'string',
      minLength: 1,
      maxLength: 10_000,
      description: 'The answer\'s text (default: "Thanks, let\'s talk."; ignored for a bounce).',
    },
    kind: {
      type: 'string',
      enum: simulatedKindNames,
      default: 'reply',
      description:
        'reply: the lead answers; auto-reply: an out-of-office (Auto-Submitted: auto-replied); unsubscribe: ' +
        'the lead asks to be removed; bounce: MAILER-DAEMON answers with a hard-bounce DSN (5.1.1).',
    },
  },
} as const;

export const inboundSchemas = [inboundMessageSchema, inboundMessagePageSchema, simulateReplyBodySchema];

export interface ListInboundQuery extends PageQuery {
  kind?: string;
  campaignId?: string;
  leadId?: string;
  mailboxId?: string;
}

export interface SimulateReplyBody {
  text?: string;
  kind?: SimulatedKind;
}
