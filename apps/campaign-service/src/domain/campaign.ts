/** Where a campaign is in its life: draft → active ⇄ paused → completed. */
export type CampaignStatusName = 'draft' | 'active' | 'paused' | 'completed';

export type VerificationStatusName = 'unverified' | 'valid' | 'risky' | 'invalid' | 'unknown';

export const verificationStatuses: readonly VerificationStatusName[] = [
  'unverified',
  'valid',
  'risky',
  'invalid',
  'unknown',
];

/**
 * True when a client in `status` is one the campaign sends to: its target criteria's verification
 * statuses (the REST API's `sendTo`) list it, or list none.
 */
export function sendsToStatus(
  criteria: { verificationStatuses: readonly VerificationStatusName[] },
  status: VerificationStatusName,
): boolean {
  return criteria.verificationStatuses.length === 0 || criteria.verificationStatuses.includes(status);
}

/**
 * Why a client in `status` may be neither added by id nor given a task by hand; undefined when
 * the campaign sends to it (the hand-over checks again when each step falls due).
 */
export function notSentToReason(
  criteria: { verificationStatuses: readonly VerificationStatusName[] },
  clientId: string,
  status: VerificationStatusName,
): string | undefined {
  if (sendsToStatus(criteria, status)) return undefined;
  return `client ${clientId} is ${status}; the campaign sends to ${criteria.verificationStatuses.join(', ')} only`;
}

/** A wall-clock time of day. */
export interface LocalTime {
  hour: number;
  minute: number;
}

/** When a campaign may send; days 1 = Monday … 7 = Sunday, empty = every day. */
export interface Schedule {
  days: number[];
  windowStart: LocalTime | null;
  windowEnd: LocalTime | null;
  /** A valid IANA name; "UTC" when none was given. */
  timeZone: string;
  useRecipientTimeZone: boolean;
}

/** Which clients a campaign is meant for; parts combine with AND, empty parts match everything. */
export interface TargetCriteria {
  tags: string[];
  verificationStatuses: VerificationStatusName[];
  company: string;
  query: string;
}

/** The fields a caller sets on a campaign (CampaignInput). */
export interface CampaignFields {
  name: string;
  description: string;
  targetCriteria: TargetCriteria;
  mailboxIds: string[];
  schedule: Schedule;
  dailyCap: number;
  stopOnReply: boolean;
  /** Off by default: a tracking pixel and rewritten links hurt the deliverability of cold email. */
  trackOpens: boolean;
  trackClicks: boolean;
}

export interface Campaign extends CampaignFields {
  id: string;
  workspaceId: string;
  status: CampaignStatusName;
  stepCount: number;
  leadCount: number;
  createTime: Date;
  updateTime: Date;
  launchTime: Date | null;
  completeTime: Date | null;
}

/** True once launched: tasks exist or may be created for the campaign's leads. */
export function isLaunched(status: CampaignStatusName): boolean {
  return status === 'active' || status === 'paused' || status === 'completed';
}

export const emptySchedule = (): Schedule => ({
  days: [],
  windowStart: null,
  windowEnd: null,
  timeZone: 'UTC',
  useRecipientTimeZone: false,
});

export const emptyTargetCriteria = (): TargetCriteria => ({
  tags: [],
  verificationStatuses: [],
  company: '',
  query: '',
});
