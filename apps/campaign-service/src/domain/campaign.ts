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
