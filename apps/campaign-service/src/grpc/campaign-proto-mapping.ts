import { create } from '@bufbuild/protobuf';
import { durationFromMs, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  CampaignLeadSchema,
  CampaignSchema,
  CampaignStatus,
  LocalTimeSchema,
  SendingScheduleSchema,
  SequenceState,
  StepSchema,
  TargetCriteriaSchema,
  TaskSchema,
  TaskStatus,
  VerificationStatus,
  type Campaign as CampaignMessage,
  type CampaignInput as CampaignInputMessage,
  type CampaignLead as CampaignLeadMessage,
  type LocalTime as LocalTimeMessage,
  type SendingSchedule,
  type Step as StepMessage,
  type Task as TaskMessage,
} from '@coldreach/contracts';
import type {
  Campaign,
  CampaignStatusName,
  Schedule,
  TargetCriteria,
  VerificationStatusName,
} from '../domain/campaign';
import type { CampaignLead, SequenceStateName, Step, Task, TaskStatusName } from '../domain/sequence';
import type { CampaignInput } from '../domain/validate-campaign-input';

export const campaignStatusToProto: Record<CampaignStatusName, CampaignStatus> = {
  draft: CampaignStatus.DRAFT,
  active: CampaignStatus.ACTIVE,
  paused: CampaignStatus.PAUSED,
  completed: CampaignStatus.COMPLETED,
};

export const sequenceStateToProto: Record<SequenceStateName, SequenceState> = {
  active: SequenceState.ACTIVE,
  completed: SequenceState.COMPLETED,
  stopped_unsubscribed: SequenceState.STOPPED_UNSUBSCRIBED,
  stopped_bounced: SequenceState.STOPPED_BOUNCED,
  stopped_complained: SequenceState.STOPPED_COMPLAINED,
  stopped_replied: SequenceState.STOPPED_REPLIED,
  stopped_failed: SequenceState.STOPPED_FAILED,
};

export const taskStatusToProto: Record<TaskStatusName, TaskStatus> = {
  pending: TaskStatus.PENDING,
  scheduled: TaskStatus.SCHEDULED,
  claimed: TaskStatus.CLAIMED,
  sending: TaskStatus.SENDING,
  sent: TaskStatus.SENT,
  failed: TaskStatus.FAILED,
  suppressed: TaskStatus.SUPPRESSED,
  unknown: TaskStatus.UNKNOWN,
  cancelled: TaskStatus.CANCELLED,
  replied: TaskStatus.REPLIED,
  bounced: TaskStatus.BOUNCED,
};

export const verificationStatusToProto: Record<VerificationStatusName, VerificationStatus> = {
  unverified: VerificationStatus.UNVERIFIED,
  valid: VerificationStatus.VALID,
  risky: VerificationStatus.RISKY,
  invalid: VerificationStatus.INVALID,
  unknown: VerificationStatus.UNKNOWN,
};

/**
 * The domain name of a proto enum value; a value outside the mapping (UNSPECIFIED, or one from a
 * newer peer) becomes a name the domain refuses, so the caller learns which field is wrong.
 */
export function enumName<N extends string>(mapping: Record<N, number>, value: number): N | string {
  const found = (Object.entries(mapping) as [N, number][]).find(([, number]) => number === value);
  return found ? found[0] : `unrecognised (${value})`;
}

const localTimeFromProto = (time: LocalTimeMessage | undefined) =>
  time ? { hour: time.hour, minute: time.minute } : null;

export function campaignInputFromProto(message: CampaignInputMessage | undefined): CampaignInput {
  const criteria = message?.targetCriteria;
  const schedule = message?.schedule;
  return {
    name: message?.name ?? '',
    description: message?.description ?? '',
    targetCriteria: {
      tags: criteria?.tags ?? [],
      verificationStatuses: (criteria?.verificationStatuses ?? []).map((status) =>
        enumName(verificationStatusToProto, status),
      ),
      company: criteria?.company ?? '',
      query: criteria?.query ?? '',
    },
    mailboxIds: message?.mailboxIds ?? [],
    schedule: {
      days: schedule?.days ?? [],
      windowStart: localTimeFromProto(schedule?.windowStart),
      windowEnd: localTimeFromProto(schedule?.windowEnd),
      timeZone: schedule?.timeZone ?? '',
      useRecipientTimeZone: schedule?.useRecipientTimeZone ?? false,
    },
    dailyCap: message?.dailyCap ?? 0,
    stopOnReply: message?.stopOnReply ?? false,
    trackOpens: message?.trackOpens ?? false,
    trackClicks: message?.trackClicks ?? false,
  };
}

export function scheduleToProto(schedule: Schedule): SendingSchedule {
  return create(SendingScheduleSchema, {
    days: schedule.days,
    windowStart: schedule.windowStart ? create(LocalTimeSchema, schedule.windowStart) : undefined,
    windowEnd: schedule.windowEnd ? create(LocalTimeSchema, schedule.windowEnd) : undefined,
    timeZone: schedule.timeZone,
    useRecipientTimeZone: schedule.useRecipientTimeZone,
  });
}

function targetCriteriaToProto(criteria: TargetCriteria) {
  return create(TargetCriteriaSchema, {
    tags: criteria.tags,
    verificationStatuses: criteria.verificationStatuses.map((status) => verificationStatusToProto[status]),
    company: criteria.company,
    query: criteria.query,
  });
}

const optionalTimestamp = (date: Date | null) => (date ? timestampFromDate(date) : undefined);

export function campaignToProto(campaign: Campaign): CampaignMessage {
  return create(CampaignSchema, {
    id: campaign.id,
    workspaceId: campaign.workspaceId,
    name: campaign.name,
    description: campaign.description,
    status: campaignStatusToProto[campaign.status],
    targetCriteria: targetCriteriaToProto(campaign.targetCriteria),
    mailboxIds: campaign.mailboxIds,
    schedule: scheduleToProto(campaign.schedule),
    dailyCap: campaign.dailyCap,
    stopOnReply: campaign.stopOnReply,
    trackOpens: campaign.trackOpens,
    trackClicks: campaign.trackClicks,
    stepCount: campaign.stepCount,
    leadCount: campaign.leadCount,
    createTime: timestampFromDate(campaign.createTime),
    updateTime: timestampFromDate(campaign.updateTime),
    launchTime: optionalTimestamp(campaign.launchTime),
    completeTime: optionalTimestamp(campaign.completeTime),
  });
}

export function stepToProto(step: Step): StepMessage {
  return create(StepSchema, {
    id: step.id,
    workspaceId: step.workspaceId,
    campaignId: step.campaignId,
    position: step.position,
    delay: durationFromMs(step.delayMinutes * 60_000),
    subjectTemplate: step.subjectTemplate,
    textBodyTemplate: step.textBodyTemplate,
    htmlBodyTemplate: step.htmlBodyTemplate,
    createTime: timestampFromDate(step.createTime),
    updateTime: timestampFromDate(step.updateTime),
  });
}

export function leadToProto(lead: CampaignLead): CampaignLeadMessage {
  return create(CampaignLeadSchema, {
    campaignId: lead.campaignId,
    clientId: lead.clientId,
    workspaceId: lead.workspaceId,
    email: lead.email,
    state: sequenceStateToProto[lead.state],
    lastSentPosition: lead.lastSentPosition,
    nextPosition: lead.nextPosition,
    nextSendTime: optionalTimestamp(lead.nextSendTime),
    mailboxId: lead.mailboxId,
    addTime: timestampFromDate(lead.addTime),
    endTime: optionalTimestamp(lead.endTime),
  });
}

export function taskToProto(task: Task): TaskMessage {
  return create(TaskSchema, {
    id: task.id,
    workspaceId: task.workspaceId,
    campaignId: task.campaignId,
    clientId: task.clientId,
    stepId: task.stepId,
    stepPosition: task.stepPosition,
    status: taskStatusToProto[task.status],
    scheduledTime: optionalTimestamp(task.scheduledTime),
    attempts: task.attempts,
    lastError: task.lastError,
    messageId: task.messageId,
    mailboxId: task.mailboxId,
    createTime: timestampFromDate(task.createTime),
    updateTime: timestampFromDate(task.updateTime),
    sentTime: optionalTimestamp(task.sentTime),
  });
}
