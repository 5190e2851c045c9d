import { isUuid } from '@coldreach/ids';
import { snakeCaseKey, unstorableTextViolations, type FieldViolation } from '@coldreach/errors';
import { campaignFieldLimits, characterCount, isValidTimeZone } from '@coldreach/outreach';
import {
  verificationStatuses,
  type CampaignFields,
  type LocalTime,
  type Schedule,
  type TargetCriteria,
  type VerificationStatusName,
} from './campaign';

// The REST contract's limits too: the gateway's schemas read the same object.
export const campaignLimits = campaignFieldLimits;

/** A campaign as the caller sent it: statuses as names (unknown ones kept so they can be named). */
export interface CampaignInput {
  name: string;
  description: string;
  targetCriteria: { tags: string[]; verificationStatuses: string[]; company: string; query: string };
  mailboxIds: string[];
  schedule: {
    days: number[];
    windowStart: LocalTime | null;
    windowEnd: LocalTime | null;
    timeZone: string;
    useRecipientTimeZone: boolean;
  };
  dailyCap: number;
  stopOnReply: boolean;
  trackOpens: boolean;
  trackClicks: boolean;
}

/**
 * Checks a whole CampaignInput and normalises it (trimmed text, deduplicated lists, "UTC" for an
 * empty zone). Violations name fields under `prefix` in snake_case, e.g. `campaign.schedule.time_zone`.
 * Mailbox ids are only checked for shape here; that they exist is asked of the Email service.
 */
export function validateCampaignInput(
  input: CampaignInput,
  prefix = 'campaign',
): { value: CampaignFields; violations: FieldViolation[] } {
  // What PostgreSQL cannot store (a NUL, a lone surrogate) is named first, wherever it is.
  const violations: FieldViolation[] = unstorableTextViolations(input, prefix, { rename: snakeCaseKey });
  const at = (field: string) => `${prefix}.${field}`;
  const name = input.name.trim();
  if (name.length === 0) violations.push({ field: at('name'), message: 'is required' });
  else if (characterCount(name) > campaignLimits.name)
    violations.push({ field: at('name'), message: `must be at most ${campaignLimits.name} characters` });
  const description = input.description.trim();
  if (characterCount(description) > campaignLimits.description) {
    violations.push({
      field: at('description'),
      message: `must be at most ${campaignLimits.description} characters`,
    });
  }

  const mailboxIds = validateMailboxIds(input.mailboxIds, at('mailbox_ids'), violations);

  if (!Number.isInteger(input.dailyCap) || input.dailyCap < 0) {
    violations.push({ field: at('daily_cap'), message: 'must be 0 (no cap) or more' });
  } else if (input.dailyCap > campaignLimits.dailyCap) {
    violations.push({ field: at('daily_cap'), message: `must be at most ${campaignLimits.dailyCap}` });
  }

  const schedule = validateSchedule(input.schedule, at('schedule'), violations);
  const targetCriteria = validateTargetCriteria(input.targetCriteria, at('target_criteria'), violations);
  return {
    value: {
      name,
      description,
      targetCriteria,
      mailboxIds,
      schedule,
      dailyCap: input.dailyCap,
      stopOnReply: input.stopOnReply,
      trackOpens: input.trackOpens,
      trackClicks: input.trackClicks,
    },
    violations,
  };
}

/** Mailbox ids: UUIDs, each listed once, at most 50; lower-cased. */
export function validateMailboxIds(
  ids: readonly string[],
  field: string,
  violations: FieldViolation[],
): string[] {
  const mailboxIds: string[] = [];
  if (ids.length > campaignLimits.mailboxes) {
    violations.push({ field, message: `must list at most ${campaignLimits.mailboxes} mailboxes` });
  }
  ids.forEach((id, index) => {
    if (!isUuid(id)) violations.push({ field: `${field}[${index}]`, message: 'must be a UUID' });
    else if (mailboxIds.includes(id.toLowerCase()))
      violations.push({ field: `${field}[${index}]`, message: 'is listed twice' });
    else mailboxIds.push(id.toLowerCase());
  });
  return mailboxIds;
}

function validateSchedule(
  input: CampaignInput['schedule'],
  prefix: string,
  violations: FieldViolation[],
): Schedule {
  const days: number[] = [];
  input.days.forEach((day, index) => {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      violations.push({ field: `${prefix}.days[${index}]`, message: 'must be a weekday, MONDAY to SUNDAY' });
    } else if (!days.includes(day)) {
      days.push(day);
    }
  });
  const start = validateLocalTime(input.windowStart, `${prefix}.window_start`, violations);
  const end = validateLocalTime(input.windowEnd, `${prefix}.window_end`, violations);
  if (start && end && end.hour * 60 + end.minute <= start.hour * 60 + start.minute) {
    violations.push({
      field: `${prefix}.window_end`,
      message: 'must be after window_start (windows cannot run past midnight)',
    });
  }
  const timeZone = input.timeZone.trim() === '' ? 'UTC' : input.timeZone.trim();
  if (characterCount(timeZone) > campaignLimits.timeZone) {
    violations.push({
      field: `${prefix}.time_zone`,
      message: `must be at most ${campaignLimits.timeZone} characters`,
    });
  } else if (!isValidTimeZone(timeZone)) {
    violations.push({
      field: `${prefix}.time_zone`,
      message: `"${timeZone.slice(0, 64)}" is not an IANA time zone name (e.g. "Europe/Paris")`,
    });
  }
  return {
    days: days.sort((a, b) => a - b),
    windowStart: start,
    windowEnd: end,
    timeZone,
    useRecipientTimeZone: input.useRecipientTimeZone,
  };
}

function validateLocalTime(
  time: LocalTime | null,
  field: string,
  violations: FieldViolation[],
): LocalTime | null {
  if (!time) return null;
  const { hour, minute } = time;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    violations.push({ field: `${field}.hour`, message: 'must be between 0 and 23' });
    return null;
  }
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) {
    violations.push({ field: `${field}.minute`, message: 'must be between 0 and 59' });
    return null;
  }
  return { hour, minute };
}

function validateTargetCriteria(
  input: CampaignInput['targetCriteria'],
  prefix: string,
  violations: FieldViolation[],
): TargetCriteria {
  const tags: string[] = [];
  if (input.tags.length > campaignLimits.tags) {
    violations.push({ field: `${prefix}.tags`, message: `must list at most ${campaignLimits.tags} tags` });
  }
  input.tags.forEach((raw, index) => {
    const tag = raw.trim();
    if (tag === '') violations.push({ field: `${prefix}.tags[${index}]`, message: 'must not be empty' });
    else if (characterCount(tag) > campaignLimits.tagLength)
      violations.push({
        field: `${prefix}.tags[${index}]`,
        message: `must be at most ${campaignLimits.tagLength} characters`,
      });
    else if (!tags.includes(tag)) tags.push(tag);
  });
  const statuses: VerificationStatusName[] = [];
  input.verificationStatuses.forEach((status, index) => {
    if (!(verificationStatuses as readonly string[]).includes(status)) {
      violations.push({
        field: `${prefix}.verification_statuses[${index}]`,
        message: `must be one of ${verificationStatuses.join(', ')}`,
      });
    } else if (!statuses.includes(status as VerificationStatusName)) {
      statuses.push(status as VerificationStatusName);
    }
  });
  const company = input.company.trim();
  if (characterCount(company) > campaignLimits.company) {
    violations.push({
      field: `${prefix}.company`,
      message: `must be at most ${campaignLimits.company} characters`,
    });
  }
  const query = input.query.trim();
  if (characterCount(query) > campaignLimits.query) {
    violations.push({
      field: `${prefix}.query`,
      message: `must be at most ${campaignLimits.query} characters`,
    });
  }
  return { tags, verificationStatuses: statuses, company, query };
}
