import { invalidArgument, type FieldViolation } from '@coldreach/errors';
import type { CampaignFields } from './campaign';
import type { CampaignInput } from './validate-campaign-input';

/** Every CampaignInput path UpdateCampaign accepts (snake_case); nested ones replace one part. */
const setters: Record<string, (target: CampaignInput, given: CampaignInput) => void> = {
  name: (t, g) => void (t.name = g.name),
  description: (t, g) => void (t.description = g.description),
  target_criteria: (t, g) => void (t.targetCriteria = { ...g.targetCriteria }),
  'target_criteria.tags': (t, g) => void (t.targetCriteria.tags = g.targetCriteria.tags),
  'target_criteria.verification_statuses': (t, g) =>
    void (t.targetCriteria.verificationStatuses = g.targetCriteria.verificationStatuses),
  'target_criteria.company': (t, g) => void (t.targetCriteria.company = g.targetCriteria.company),
  'target_criteria.query': (t, g) => void (t.targetCriteria.query = g.targetCriteria.query),
  mailbox_ids: (t, g) => void (t.mailboxIds = g.mailboxIds),
  schedule: (t, g) => void (t.schedule = { ...g.schedule }),
  'schedule.days': (t, g) => void (t.schedule.days = g.schedule.days),
  'schedule.window_start': (t, g) => void (t.schedule.windowStart = g.schedule.windowStart),
  'schedule.window_end': (t, g) => void (t.schedule.windowEnd = g.schedule.windowEnd),
  'schedule.time_zone': (t, g) => void (t.schedule.timeZone = g.schedule.timeZone),
  'schedule.use_recipient_time_zone': (t, g) =>
    void (t.schedule.useRecipientTimeZone = g.schedule.useRecipientTimeZone),
  daily_cap: (t, g) => void (t.dailyCap = g.dailyCap),
  stop_on_reply: (t, g) => void (t.stopOnReply = g.stopOnReply),
  track_opens: (t, g) => void (t.trackOpens = g.trackOpens),
  track_clicks: (t, g) => void (t.trackClicks = g.trackClicks),
};

/** The mask's paths, checked: INVALID_ARGUMENT for an empty mask or a path CampaignInput lacks. */
export function parseCampaignMask(paths: readonly string[]): string[] {
  return checkMaskPaths(paths, (path): path is string => Object.hasOwn(setters, path), 'CampaignInput');
}

/**
 * An update mask's paths without repeats, or INVALID_ARGUMENT for an empty mask and naming each
 * path that is no field of `inputName` (UpdateCampaign's and UpdateStep's masks alike).
 */
export function checkMaskPaths<P extends string>(
  paths: readonly string[],
  isField: (path: string) => path is P,
  inputName: string,
): P[] {
  if (paths.length === 0) {
    throw invalidArgument([{ field: 'update_mask', message: 'must name at least one field to change' }]);
  }
  const violations: FieldViolation[] = [];
  paths.forEach((path, index) => {
    if (!isField(path)) {
      violations.push({
        field: `update_mask.paths[${index}]`,
        message: `"${path.slice(0, 100)}" is not a field of ${inputName} (use snake_case names)`,
      });
    }
  });
  if (violations.length > 0) throw invalidArgument(violations);
  return [...new Set(paths as P[])];
}

/** The current campaign with the masked fields taken from `given`, ready to validate as a whole. */
export function applyCampaignMask(
  current: CampaignFields,
  given: CampaignInput,
  paths: readonly string[],
): CampaignInput {
  const next = campaignFieldsAsInput(current);
  // Whole-message paths first, so "schedule" and "schedule.time_zone" together keep the nested one.
  const ordered = [...paths].sort((a, b) => a.split('.').length - b.split('.').length);
  for (const path of ordered) setters[path]?.(next, given);
  return next;
}

export function campaignFieldsAsInput(fields: CampaignFields): CampaignInput {
  return {
    name: fields.name,
    description: fields.description,
    targetCriteria: {
      tags: [...fields.targetCriteria.tags],
      verificationStatuses: [...fields.targetCriteria.verificationStatuses],
      company: fields.targetCriteria.company,
      query: fields.targetCriteria.query,
    },
    mailboxIds: [...fields.mailboxIds],
    schedule: { ...fields.schedule, days: [...fields.schedule.days] },
    dailyCap: fields.dailyCap,
    stopOnReply: fields.stopOnReply,
    trackOpens: fields.trackOpens,
    trackClicks: fields.trackClicks,
  };
}
