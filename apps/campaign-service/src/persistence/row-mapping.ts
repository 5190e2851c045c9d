import {
  emptySchedule,
  emptyTargetCriteria,
  type Campaign,
  type CampaignStatusName,
  type Schedule,
  type TargetCriteria,
} from '../domain/campaign';
import type { CampaignLead, SequenceStateName, Step, Task, TaskStatusName } from '../domain/sequence';

// Rows as queryRows returns them (bigint as a string), and their domain shapes.

/** Columns of `campaigns` to select (uuid[] cast to text[] so both drivers return strings). */
export const campaignColumns = `c.id, c.workspace_id, c.name, c.description, c.status, c.target_criteria,
  c.mailbox_ids::text[] AS mailbox_ids, c.schedule, c.daily_cap, c.stop_on_reply, c.track_opens,
  c.track_clicks, c.step_count, c.lead_count,
  c.mailbox_cursor, c.handover_blocked_until, c.created_at, c.updated_at, c.launched_at, c.completed_at`;

export interface CampaignRow {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  status: CampaignStatusName;
  target_criteria: Partial<TargetCriteria>;
  mailbox_ids: string[];
  schedule: Partial<Schedule>;
  daily_cap: number;
  stop_on_reply: boolean;
  track_opens: boolean;
  track_clicks: boolean;
  step_count: number;
  lead_count: number;
  mailbox_cursor: string;
  handover_blocked_until: Date | null;
  created_at: Date;
  updated_at: Date;
  launched_at: Date | null;
  completed_at: Date | null;
}

export function rowToCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    description: row.description,
    status: row.status,
    targetCriteria: { ...emptyTargetCriteria(), ...row.target_criteria },
    mailboxIds: row.mailbox_ids,
    schedule: { ...emptySchedule(), ...row.schedule },
    dailyCap: row.daily_cap,
    stopOnReply: row.stop_on_reply,
    trackOpens: row.track_opens,
    trackClicks: row.track_clicks,
    stepCount: row.step_count,
    leadCount: row.lead_count,
    createTime: row.created_at,
    updateTime: row.updated_at,
    launchTime: row.launched_at,
    completeTime: row.completed_at,
  };
}

export interface StepRow {
  id: string;
  workspace_id: string;
  campaign_id: string;
  position: number;
  delay_minutes: number;
  subject_template: string;
  text_body_template: string;
  html_body_template: string;
  created_at: Date;
  updated_at: Date;
}

export function rowToStep(row: StepRow): Step {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    campaignId: row.campaign_id,
    position: row.position,
    delayMinutes: row.delay_minutes,
    subjectTemplate: row.subject_template,
    textBodyTemplate: row.text_body_template,
    htmlBodyTemplate: row.html_body_template,
    createTime: row.created_at,
    updateTime: row.updated_at,
  };
}

/** Lead columns with the next step's current position (steps renumber; the lead keeps the step id). */
export const leadColumns = `l.campaign_id, l.client_id, l.workspace_id, l.email, l.state, l.mailbox_id,
  l.last_sent_position, l.next_send_at, l.added_at, l.ended_at,
  (SELECT s.position FROM campaign_steps s WHERE s.id = l.next_step_id) AS next_position`;

export interface LeadRow {
  campaign_id: string;
  client_id: string;
  workspace_id: string;
  email: string;
  state: SequenceStateName;
  mailbox_id: string | null;
  last_sent_position: number;
  next_position: number | null;
  next_send_at: Date | null;
  added_at: Date;
  ended_at: Date | null;
}

export function rowToLead(row: LeadRow): CampaignLead {
  const active = row.state === 'active';
  return {
    campaignId: row.campaign_id,
    clientId: row.client_id,
    workspaceId: row.workspace_id,
    email: row.email,
    state: row.state,
    lastSentPosition: row.last_sent_position,
    nextPosition: active ? (row.next_position ?? 0) : 0,
    nextSendTime: active ? row.next_send_at : null,
    mailboxId: row.mailbox_id ?? '',
    addTime: row.added_at,
    endTime: row.ended_at,
  };
}

export const taskColumns = `t.id, t.workspace_id, t.campaign_id, t.client_id, t.step_id, t.step_position, t.status,
  t.due_at, t.attempts, t.last_error, t.message_id, t.mailbox_id, t.created_at, t.updated_at, t.sent_at`;

export interface TaskRow {
  id: string;
  workspace_id: string;
  campaign_id: string;
  client_id: string;
  step_id: string;
  step_position: number;
  status: TaskStatusName;
  due_at: Date;
  attempts: number;
  last_error: string;
  message_id: string;
  mailbox_id: string;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

export function rowToTask(row: TaskRow): Task {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    campaignId: row.campaign_id,
    clientId: row.client_id,
    stepId: row.step_id,
    stepPosition: row.step_position,
    status: row.status,
    scheduledTime: row.due_at,
    attempts: row.attempts,
    lastError: row.last_error,
    messageId: row.message_id,
    mailboxId: row.mailbox_id,
    createTime: row.created_at,
    updateTime: row.updated_at,
    sentTime: row.sent_at,
  };
}
