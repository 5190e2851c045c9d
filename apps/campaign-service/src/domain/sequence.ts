/** One email of a campaign's sequence. */
export interface Step {
  id: string;
  workspaceId: string;
  campaignId: string;
  /** 1-based; contiguous within a campaign. */
  position: number;
  delayMinutes: number;
  subjectTemplate: string;
  textBodyTemplate: string;
  htmlBodyTemplate: string;
  createTime: Date;
  updateTime: Date;
}

/** The fields a caller sets on a step (StepInput); position 0 means "at the end". */
export interface StepFields {
  position: number;
  delayMinutes: number;
  subjectTemplate: string;
  textBodyTemplate: string;
  htmlBodyTemplate: string;
}

/** Where one lead stands in its sequence. */
export type SequenceStateName =
  | 'active'
  | 'completed'
  | 'stopped_unsubscribed'
  | 'stopped_bounced'
  | 'stopped_complained'
  | 'stopped_replied'
  | 'stopped_failed';

export const sequenceStates: readonly SequenceStateName[] = [
  'active',
  'completed',
  'stopped_unsubscribed',
  'stopped_bounced',
  'stopped_complained',
  'stopped_replied',
  'stopped_failed',
];

export interface CampaignLead {
  campaignId: string;
  clientId: string;
  workspaceId: string;
  email: string;
  state: SequenceStateName;
  lastSentPosition: number;
  /** 0 when the sequence has ended or nothing is scheduled. */
  nextPosition: number;
  nextSendTime: Date | null;
  /** Empty until its first step is scheduled. */
  mailboxId: string;
  addTime: Date;
  endTime: Date | null;
}

/**
 * A task's status, as the Email service last reported it (plus pending and cancelled), then what
 * its inbox said of a sent email: replied, or bounced back later.
 */
export type TaskStatusName =
  | 'pending'
  | 'scheduled'
  | 'claimed'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'suppressed'
  | 'unknown'
  | 'cancelled'
  | 'replied'
  | 'bounced';

export const taskStatuses: readonly TaskStatusName[] = [
  'pending',
  'scheduled',
  'claimed',
  'sending',
  'sent',
  'failed',
  'suppressed',
  'unknown',
  'cancelled',
  'replied',
  'bounced',
];

export interface Task {
  id: string;
  workspaceId: string;
  campaignId: string;
  clientId: string;
  stepId: string;
  stepPosition: number;
  status: TaskStatusName;
  scheduledTime: Date | null;
  attempts: number;
  lastError: string;
  messageId: string;
  mailboxId: string;
  createTime: Date;
  updateTime: Date;
  sentTime: Date | null;
}
