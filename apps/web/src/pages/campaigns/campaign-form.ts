import type { components } from '../../gen/api-schema';
import type { ApiError } from '../../api/problem';

export type Campaign = components['schemas']['Campaign'];
export type CampaignBody = components['schemas']['CreateCampaign'];
export type Weekday = NonNullable<NonNullable<CampaignBody['schedule']>['days']>[number];
export type SendTo = Campaign['sendTo'];

export const weekdays: readonly { value: Weekday; label: string }[] = [
  { value: 'monday', label: 'Mon' },
  { value: 'tuesday', label: 'Tue' },
  { value: 'wednesday', label: 'Wed' },
  { value: 'thursday', label: 'Thu' },
  { value: 'friday', label: 'Fri' },
  { value: 'saturday', label: 'Sat' },
  { value: 'sunday', label: 'Sun' },
];

/** The campaign's settings as the form holds them: text as typed, so a refused save keeps it all. */
export interface CampaignForm {
  name: string;
  description: string;
  mailboxIds: string[];
  days: Weekday[];
  windowStart: string;
  windowEnd: string;
  timeZone: string;
  useRecipientTimeZone: boolean;
  dailyCap: string;
  sendTo: SendTo;
  /** The verification statuses of a `custom` send-to (set through the API), kept as they are. */
  customStatuses: string[];
  tags: string;
  company: string;
  query: string;
  stopOnReply: boolean;
  trackOpens: boolean;
  trackClicks: boolean;
}

/** A new campaign: weekdays 9 to 5 in the browser's time zone, safe leads only, no tracking. */
export function newCampaignForm(browserTimeZone: string): CampaignForm {
  return {
    name: '',
    description: '',
    mailboxIds: [],
    days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
    windowStart: '09:00',
    windowEnd: '17:00',
    timeZone: browserTimeZone,
    useRecipientTimeZone: false,
    dailyCap: '0',
    sendTo: 'any',
    customStatuses: [],
    tags: '',
    company: '',
    query: '',
    stopOnReply: true,
    trackOpens: false,
    trackClicks: false,
  };
}

export function campaignFormOf(campaign: Campaign): CampaignForm {
  const { schedule, targetCriteria } = campaign;
  return {
    name: campaign.name,
    description: campaign.description,
    mailboxIds: [...campaign.mailboxIds],
    days: [...(schedule.days ?? [])],
    windowStart: schedule.windowStart ?? '',
    windowEnd: schedule.windowEnd ?? '',
    timeZone: schedule.timeZone ?? '',
    useRecipientTimeZone: schedule.useRecipientTimeZone ?? false,
    dailyCap: String(campaign.dailyCap),
    sendTo: campaign.sendTo,
    customStatuses: campaign.sendTo === 'custom' ? [...(targetCriteria.verificationStatuses ?? [])] : [],
    tags: (targetCriteria.tags ?? []).join(', '),
    company: targetCriteria.company ?? '',
    query: targetCriteria.query ?? '',
    stopOnReply: campaign.stopOnReply,
    trackOpens: campaign.trackOpens,
    trackClicks: campaign.trackClicks,
  };
}

/** A number as typed: the API judges it (a word becomes NaN, refused beside the field). */
const numberOf = (text: string) => (text.trim() === '' ? 0 : Number(text.trim()));

/**
 * The body of POST/PATCH /api/campaigns: every setting, so the campaign is what the form shows. An
 * empty window is all day (both null); a custom send-to is sent back as its statuses.
 */
export function campaignBodyOf(form: CampaignForm): CampaignBody {
  const allDay = form.windowStart.trim() === '' && form.windowEnd.trim() === '';
  const tags = form.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  const custom = form.sendTo === 'custom';
  return {
    name: form.name,
    description: form.description,
    mailboxIds: form.mailboxIds,
    schedule: {
      days: form.days,
      windowStart: allDay ? null : form.windowStart.trim(),
      windowEnd: allDay ? null : form.windowEnd.trim(),
      timeZone: form.timeZone,
      useRecipientTimeZone: form.useRecipientTimeZone,
    },
    dailyCap: numberOf(form.dailyCap),
    targetCriteria: {
      tags,
      company: form.company.trim(),
      query: form.query.trim(),
      ...(custom
        ? {
            verificationStatuses: form.customStatuses as NonNullable<
              CampaignBody['targetCriteria']
            >['verificationStatuses'],
          }
        : {}),
    },
    ...(custom ? {} : { sendTo: form.sendTo as Exclude<SendTo, 'custom'> }),
    stopOnReply: form.stopOnReply,
    trackOpens: form.trackOpens,
    trackClicks: form.trackClicks,
  };
}

/** The API fields each form field answers for (a problem names `schedule.windowStart`, `targetCriteria.tags[1]`…). */
const apiFields: Partial<Record<keyof CampaignForm, string>> = {
  windowStart: 'schedule.windowStart',
  windowEnd: 'schedule.windowEnd',
  timeZone: 'schedule.timeZone',
  days: 'schedule.days',
  useRecipientTimeZone: 'schedule.useRecipientTimeZone',
  tags: 'targetCriteria.tags',
  company: 'targetCriteria.company',
  query: 'targetCriteria.query',
};
const apiFieldOf = (field: keyof CampaignForm) => apiFields[field] ?? field;

/** The API's message for a form field, including those naming an element of it (`mailboxIds[0]`). */
export function campaignFieldError(error: ApiError | null, field: keyof CampaignForm): string | undefined {
  if (!error) return undefined;
  const name = apiFieldOf(field);
  const messages = error
    .otherFieldErrors([])
    .filter(
      (entry) =>
        entry.field === name || entry.field.startsWith(`${name}[`) || entry.field.startsWith(`${name}.`),
    )
    .map((entry) => entry.message);
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** Every API field name the form shows beside an input; the rest go to the form's general message. */
export function claimedCampaignFields(
  error: ApiError | null,
  shown: readonly (keyof CampaignForm)[],
): string[] {
  if (!error) return [];
  const names = shown.map(apiFieldOf);
  return error
    .otherFieldErrors([])
    .map((entry) => entry.field)
    .filter((field) =>
      names.some((name) => field === name || field.startsWith(`${name}[`) || field.startsWith(`${name}.`)),
    );
}
