// JSON schemas of the campaign routes: they validate requests, serialise responses and are the
// OpenAPI document. The Campaign service stays the authority on what only it can check (time zones,
// mailboxes of the workspace, windows that end after they start).
import { CampaignStatus, Weekday } from '@coldreach/contracts';
import { campaignFieldLimits } from '@coldreach/outreach';
import { commaListPattern, enumNames } from '../mapping/proto-values';
import {
  enumListQuery,
  nullableTime,
  pageQueryProperties,
  pageSchema,
  timeProperty,
  type PageQuery,
} from './common-schemas';
import { verificationStatusNames, type VerificationStatusName } from './lead-schemas';

export const campaignStatusNames = enumNames(CampaignStatus);
/** The `sendTo` a request may set; a campaign whose statuses are another set shows `custom`. */
export const sendToNames = ['any', 'safe', 'safe+risky'] as const;
export type SendToName = (typeof sendToNames)[number];
export const weekdayNames = enumNames(Weekday);

const localTime = (description: string) =>
  ({
    type: ['string', 'null'],
    maxLength: 5,
    pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
    description: `${description} "HH:MM" (24-hour clock); null with the other for all day.`,
  }) as const;

const targetCriteriaSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    'Which clients `POST /leads {"useTargetCriteria": true}` adds; filters combine with AND. ' +
    'Its verificationStatuses also decide who is sent to (see sendTo).',
  properties: {
    tags: {
      type: 'array',
      maxItems: campaignFieldLimits.tags,
      items: { type: 'string', minLength: 1, maxLength: campaignFieldLimits.tagLength },
      description: 'Clients carrying at least one of these tags; empty for any.',
    },
    verificationStatuses: {
      type: 'array',
      maxItems: 5,
      items: { type: 'string', enum: verificationStatusNames },
      description:
        'Clients in any of these verification statuses; empty for any. The campaign sends only to ' +
        'leads in one of them: sendTo is a shorter name for the common sets.',
    },
    company: {
      type: 'string',
      maxLength: campaignFieldLimits.company,
      description: 'Company name, case-insensitive exact match.',
    },
    query: {
      type: 'string',
      maxLength: campaignFieldLimits.query,
      description: 'Substring of name, email or company.',
    },
  },
} as const;

const scheduleSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'When emails may go out; an email due outside the window waits for the next opening.',
  properties: {
    days: {
      type: 'array',
      maxItems: 7,
      items: { type: 'string', enum: weekdayNames },
      description: 'Days emails may go out; empty for every day.',
    },
    windowStart: localTime('Start of the daily window, inclusive:'),
    windowEnd: localTime('End of the daily window, exclusive, after windowStart:'),
    timeZone: {
      type: 'string',
      maxLength: campaignFieldLimits.timeZone,
      description: 'IANA time zone the days and window are read in (e.g. Europe/Paris); empty for UTC.',
    },
    useRecipientTimeZone: {
      type: 'boolean',
      description: "Read the window in the lead's time zone (custom field time_zone) when known.",
    },
  },
} as const;

const trackingNote =
  'Off by default because tracking hurts the deliverability of cold email (a pixel and redirected ' +
  'links are what spam filters look for).';

const campaignFieldProperties = {
  name: {
    type: 'string',
    minLength: 1,
    maxLength: campaignFieldLimits.name,
    description: `Required, 1 to ${campaignFieldLimits.name} characters.`,
  },
  description: { type: 'string', maxLength: campaignFieldLimits.description },
  targetCriteria: targetCriteriaSchema,
  mailboxIds: {
    type: 'array',
    maxItems: campaignFieldLimits.mailboxes,
    items: { type: 'string', format: 'uuid' },
    description: 'Mailboxes of the workspace the campaign sends from; each lead keeps one.',
  },
  schedule: scheduleSchema,
  dailyCap: {
    type: 'integer',
    minimum: 0,
    maximum: campaignFieldLimits.dailyCap,
    description: 'Emails of this campaign that may start sending per day; 0 for no campaign cap.',
  },
  stopOnReply: {
    type: 'boolean',
    description:
      "A lead's reply (read from the mailbox's inbox) stops the rest of its sequence; default true.",
  },
  trackOpens: {
    type: 'boolean',
    description:
      'Adds a 1×1 open-tracking pixel to the HTML body of emails handed over from now on; default false. ' +
      `${trackingNote} Loads by image proxies and scanners (Apple Mail Privacy Protection, Gmail's image ` +
      'proxy, anything seconds after delivery) are flagged automated and counted apart.',
  },
  trackClicks: {
    type: 'boolean',
    description:
      "Sends the HTML body's web links through the gateway's click redirect (/t/c/…), which goes only " +
      `to the link that was in that email; default false. ${trackingNote} The unsubscribe link and the ` +
      'text part are never rewritten.',
  },
} as const;

const sendToMeaning =
  'Which leads are sent to, by verification status: a shorter name for targetCriteria.verificationStatuses ' +
  '(any = [] = every lead, safe = ["valid"], safe+risky = ["valid", "risky"]). A client outside it is not ' +
  'added by id (400 naming it), and a lead outside it when a step falls due (it turned invalid, or was ' +
  'never verified) is not sent that step: its sequence stops (stopped_failed), the task cancelled with ' +
  'the reason "verification: <status> not in the campaign\'s send-to".';

/** The fields a request sets: the campaign's own, and sendTo. */
const campaignBodyProperties = {
  ...campaignFieldProperties,
  sendTo: {
    type: 'string',
    enum: sendToNames,
    description:
      `${sendToMeaning} Default any. Setting it with targetCriteria.verificationStatuses is a 400 ` +
      'naming sendTo unless both say the same.',
  },
} as const;

/** A campaign as the API returns it. */
export const campaignSchema = {
  $id: 'Campaign',
  type: 'object',
  required: [
    'id',
    'name',
    'description',
    'status',
    'targetCriteria',
    'mailboxIds',
    'schedule',
    'dailyCap',
    'stopOnReply',
    'trackOpens',
    'trackClicks',
    'sendTo',
    'stepCount',
    'leadCount',
    'createdAt',
    'updatedAt',
    'launchedAt',
    'completedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    ...campaignFieldProperties,
    sendTo: {
      type: 'string',
      enum: [...sendToNames, 'custom'],
      description: `${sendToMeaning} custom when the statuses are another set.`,
    },
    status: {
      type: 'string',
      enum: campaignStatusNames,
      description: 'draft → active ⇄ paused → completed; changed by launch, pause and resume.',
    },
    stepCount: { type: 'integer' },
    leadCount: { type: 'integer' },
    createdAt: timeProperty,
    updatedAt: timeProperty,
    launchedAt: nullableTime('When it was first launched; null while a draft.'),
    completedAt: nullableTime('When every lead finished its sequence; null otherwise.'),
  },
} as const;

export const createCampaignBodySchema = {
  $id: 'CreateCampaign',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: campaignBodyProperties,
} as const;

/** PATCH: the fields present are changed, the others left alone (a schedule is replaced whole). */
export const updateCampaignBodySchema = {
  $id: 'UpdateCampaign',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: campaignBodyProperties,
} as const;

export const campaignPageSchema = pageSchema('CampaignPage', 'Campaign', 'Newest first.');

export const listCampaignsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQueryProperties,
    status: enumListQuery(
      commaListPattern(campaignStatusNames),
      'Comma-separated statuses, any of which matches (e.g. active,paused).',
    ),
    q: { type: 'string', maxLength: 200, description: 'Case-insensitive substring of name or description.' },
  },
} as const;

export const campaignSchemas = [
  campaignSchema,
  createCampaignBodySchema,
  updateCampaignBodySchema,
  campaignPageSchema,
];

export interface ScheduleBody {
  days?: string[];
  windowStart?: string | null;
  windowEnd?: string | null;
  timeZone?: string;
  useRecipientTimeZone?: boolean;
}
export interface TargetCriteriaBody {
  tags?: string[];
  verificationStatuses?: VerificationStatusName[];
  company?: string;
  query?: string;
}
export interface CampaignFieldsBody {
  name?: string;
  description?: string;
  targetCriteria?: TargetCriteriaBody;
  mailboxIds?: string[];
  schedule?: ScheduleBody;
  dailyCap?: number;
  stopOnReply?: boolean;
  trackOpens?: boolean;
  trackClicks?: boolean;
  sendTo?: SendToName;
}
export interface CreateCampaignBody extends CampaignFieldsBody {
  name: string;
}
export interface ListCampaignsQuery extends PageQuery {
  status?: string;
  q?: string;
}
