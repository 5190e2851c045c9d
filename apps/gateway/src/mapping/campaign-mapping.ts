// Campaign service messages ⇄ the REST API's JSON (camelCase, lower-case enum names, RFC 3339 times).
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { Duration } from '@bufbuild/protobuf/wkt';
import {
  CampaignStatus,
  SequenceState,
  TaskStatus,
  Weekday,
  type Campaign,
  type CampaignInputSchema,
  type CampaignLead,
  type LocalTime,
  type SendingSchedule,
  type Step,
  type StepInputSchema,
  type Task,
} from '@coldreach/contracts';
import { invalidArgument } from '@coldreach/errors';
import { verificationStatusFromProto, verificationStatusToProto } from './lead-mapping';
import { enumName, enumValue, iso, isoOrNull, nullIfEmpty } from './proto-values';
import type { CampaignFieldsBody, ScheduleBody, SendToName } from '../schemas/campaign-schemas';
import type { VerificationStatusName } from '../schemas/lead-schemas';
import type { StepFieldsBody } from '../schemas/step-schemas';

type CampaignInputInit = MessageInitShape<typeof CampaignInputSchema>;
type StepInputInit = MessageInitShape<typeof StepInputSchema>;

/** The verification statuses each sendTo stands for. */
const sendToStatuses: Record<SendToName, readonly VerificationStatusName[]> = {
  any: [],
  safe: ['valid'],
  'safe+risky': ['valid', 'risky'],
};

/** The sendTo a set of verification statuses is (order and repeats aside), or `custom`. */
export function sendToOf(statuses: readonly VerificationStatusName[]): SendToName | 'custom' {
  const given = new Set(statuses);
  const entries = Object.entries(sendToStatuses) as [SendToName, readonly VerificationStatusName[]][];
  const found = entries.find(
    ([, listed]) => listed.length === given.size && listed.every((s) => given.has(s)),
  );
  return found ? found[0] : 'custom';
}

/**
 * The verification statuses a body sets, through targetCriteria or sendTo; undefined when it sets
 * neither. Both, saying different things, is refused naming sendTo.
 */
function verificationStatusesOf(body: CampaignFieldsBody): VerificationStatusName[] | undefined {
  const listed = body.targetCriteria?.verificationStatuses;
  if (body.sendTo === undefined) return listed;
  if (listed !== undefined && sendToOf(listed) !== body.sendTo) {
    throw invalidArgument([
      {
        field: 'body.sendTo',
        message: `"${body.sendTo}" contradicts targetCriteria.verificationStatuses; set one of them`,
      },
    ]);
  }
  return [...sendToStatuses[body.sendTo]];
}

export function campaignFromProto(campaign: Campaign) {
  const criteria = campaign.targetCriteria;
  const verificationStatuses = (criteria?.verificationStatuses ?? []).map(verificationStatusFromProto);
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description,
    status: enumName(CampaignStatus, campaign.status),
    targetCriteria: {
      tags: criteria?.tags ?? [],
      verificationStatuses,
      company: criteria?.company ?? '',
      query: criteria?.query ?? '',
    },
    sendTo: sendToOf(verificationStatuses),
    mailboxIds: campaign.mailboxIds,
    schedule: scheduleFromProto(campaign.schedule),
    dailyCap: campaign.dailyCap,
    stopOnReply: campaign.stopOnReply,
    trackOpens: campaign.trackOpens,
    trackClicks: campaign.trackClicks,
    stepCount: campaign.stepCount,
    leadCount: campaign.leadCount,
    createdAt: iso(campaign.createTime),
    updatedAt: iso(campaign.updateTime),
    launchedAt: isoOrNull(campaign.launchTime),
    completedAt: isoOrNull(campaign.completeTime),
  };
}

function scheduleFromProto(schedule: SendingSchedule | undefined) {
  return {
    days: (schedule?.days ?? []).map((day) => enumName(Weekday, day)),
    windowStart: localTimeText(schedule?.windowStart),
    windowEnd: localTimeText(schedule?.windowEnd),
    timeZone: schedule?.timeZone || 'UTC',
    useRecipientTimeZone: schedule?.useRecipientTimeZone ?? false,
  };
}

function localTimeText(time: LocalTime | undefined): string | null {
  if (!time) return null;
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

function localTimeFromText(text: string | null | undefined): { hour: number; minute: number } | undefined {
  if (!text) return undefined;
  const [hour = 0, minute = 0] = text.split(':').map(Number);
  return { hour, minute };
}

/** The CampaignInput for the fields present in a body; absent fields keep the proto defaults. */
export function campaignInputFromBody(body: CampaignFieldsBody): CampaignInputInit {
  const verificationStatuses = verificationStatusesOf(body);
  return {
    name: body.name ?? '',
    description: body.description ?? '',
    targetCriteria:
      body.targetCriteria || verificationStatuses
        ? {
            tags: body.targetCriteria?.tags ?? [],
            verificationStatuses: (verificationStatuses ?? []).map(verificationStatusToProto),
            company: body.targetCriteria?.company ?? '',
            query: body.targetCriteria?.query ?? '',
          }
        : undefined,
    mailboxIds: body.mailboxIds ?? [],
    schedule: body.schedule ? scheduleFromBody(body.schedule) : undefined,
    dailyCap: body.dailyCap ?? 0,
    // A new campaign stops a lead's sequence on reply unless told not to (what a user of the kind expects).
    stopOnReply: body.stopOnReply ?? true,
    // Tracking hurts deliverability: off unless asked for.
    trackOpens: body.trackOpens ?? false,
    trackClicks: body.trackClicks ?? false,
  };
}

function scheduleFromBody(schedule: ScheduleBody) {
  return {
    days: [...new Set(schedule.days ?? [])].map((day) => enumValue<Weekday>(Weekday, day)),
    windowStart: localTimeFromText(schedule.windowStart),
    windowEnd: localTimeFromText(schedule.windowEnd),
    timeZone: schedule.timeZone ?? '',
    useRecipientTimeZone: schedule.useRecipientTimeZone ?? false,
  };
}

const campaignMaskPaths: Record<keyof CampaignFieldsBody, string> = {
  name: 'name',
  description: 'description',
  targetCriteria: 'target_criteria',
  mailboxIds: 'mailbox_ids',
  schedule: 'schedule',
  dailyCap: 'daily_cap',
  stopOnReply: 'stop_on_reply',
  trackOpens: 'track_opens',
  trackClicks: 'track_clicks',
  // Alone in a PATCH it changes the statuses only, leaving the other criteria as they are.
  sendTo: 'target_criteria.verification_statuses',
};

const stepMaskPaths: Record<keyof StepFieldsBody, string> = {
  position: 'position',
  delayMinutes: 'delay',
  subject: 'subject_template',
  textBody: 'text_body_template',
  htmlBody: 'html_body_template',
};

/** The update mask of a PATCH body: one path per known key present. */
export function maskFromBody<T extends object>(body: T, paths: Record<keyof T, string>): string[] {
  return Object.keys(body).flatMap((key) => (Object.hasOwn(paths, key) ? [paths[key as keyof T]] : []));
}

export const campaignMask = (body: CampaignFieldsBody) => maskFromBody(body, campaignMaskPaths);
export const stepMask = (body: StepFieldsBody) => maskFromBody(body, stepMaskPaths);

export function stepFromProto(step: Step) {
  return {
    id: step.id,
    campaignId: step.campaignId,
    position: step.position,
    delayMinutes: minutesOf(step.delay),
    subject: step.subjectTemplate,
    textBody: step.textBodyTemplate,
    htmlBody: step.htmlBodyTemplate,
    createdAt: iso(step.createTime),
    updatedAt: iso(step.updateTime),
  };
}

export function stepInputFromBody(body: StepFieldsBody): StepInputInit {
  return {
    position: body.position ?? 0,
    delay: { seconds: BigInt((body.delayMinutes ?? 0) * 60), nanos: 0 },
    subjectTemplate: body.subject ?? '',
    textBodyTemplate: body.textBody ?? '',
    htmlBodyTemplate: body.htmlBody ?? '',
  };
}

function minutesOf(duration: Duration | undefined): number {
  return duration ? Math.round(Number(duration.seconds) / 60) : 0;
}

export function campaignLeadFromProto(lead: CampaignLead) {
  return {
    campaignId: lead.campaignId,
    clientId: lead.clientId,
    email: lead.email,
    state: enumName(SequenceState, lead.state),
    lastSentPosition: lead.lastSentPosition,
    nextPosition: lead.nextPosition,
    nextSendAt: isoOrNull(lead.nextSendTime),
    mailboxId: nullIfEmpty(lead.mailboxId),
    addedAt: iso(lead.addTime),
    endedAt: isoOrNull(lead.endTime),
  };
}

export function taskFromProto(task: Task) {
  return {
    id: task.id,
    campaignId: task.campaignId,
    clientId: task.clientId,
    stepId: task.stepId,
    stepPosition: task.stepPosition,
    status: enumName(TaskStatus, task.status),
    scheduledAt: isoOrNull(task.scheduledTime),
    attempts: task.attempts,
    lastError: nullIfEmpty(task.lastError),
    messageId: nullIfEmpty(task.messageId),
    mailboxId: nullIfEmpty(task.mailboxId),
    createdAt: iso(task.createTime),
    updatedAt: iso(task.updateTime),
    sentAt: isoOrNull(task.sentTime),
  };
}
