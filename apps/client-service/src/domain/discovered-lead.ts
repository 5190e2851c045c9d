import { invalidArgument, type FieldViolation } from '@coldreach/errors';
import { emptyClientInput, type ClientInput, type ValidClientInput } from './client';
import { splitPersonName } from './split-person-name';
import { limits, validateClientInput } from './validate-client-input';

/** A contact the scraper found, as its event carried it (ids checked, email normalised). */
export interface DiscoveredContact {
  /** The event's id, lower-case: the lead is applied once per event. */
  eventId: string;
  workspaceId: string;
  jobId: string;
  email: string;
  name: string;
  title: string;
  phone: string;
  company: string;
  /** The page it was found on. */
  sourceUrl: string;
  foundTime: Date | null;
  /** LinkedIn, X/Twitter or GitHub profile URLs found on the same page. */
  socialProfiles: string[];
  /** The job's lead tags. */
  tags: string[];
}

/**
 * The custom field each social network's profile goes to. A LinkedIn person (`/in/`) comes before
 * a company page (`/company/`), otherwise the first profile of a network wins.
 */
export const socialProfileFields = { linkedin: 'linkedin_url', x: 'x_url', github: 'github_url' } as const;

function socialNetwork(url: URL): keyof typeof socialProfileFields | undefined {
  const host = url.hostname.toLowerCase().replace(/^(?:www|mobile)\./, '');
  if (host === 'linkedin.com' || host.endsWith('.linkedin.com')) return 'linkedin';
  if (host === 'x.com' || host === 'twitter.com') return 'x';
  if (host === 'github.com') return 'github';
  return undefined;
}

function socialCustomFields(profiles: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const parsed = profiles.flatMap((profile) => {
    const url = URL.canParse(profile) ? new URL(profile) : undefined;
    const network = url && /^https?:$/.test(url.protocol) ? socialNetwork(url) : undefined;
    if (!network || profile.length > limits.customFieldValue) return [];
    return [{ profile, key: socialProfileFields[network], company: /^\/company\//.test(url!.pathname) }];
  });
  // Stable: within each kind the page's order stays.
  parsed.sort((a, b) => Number(a.company) - Number(b.company));
  for (const { profile, key } of parsed) fields[key] ??= profile;
  return fields;
}

/** The site the contact was found on: the source URL's origin (`https://acme.com`). */
function websiteOf(sourceUrl: string): string {
  if (!URL.canParse(sourceUrl)) return '';
  const url = new URL(sourceUrl);
  return /^https?:$/.test(url.protocol) ? url.origin : '';
}

/**
 * The ClientInput a discovered contact becomes: first and last name split from its name, title,
 * phone, company, the source page, its origin as the website, the time it was found, the job's
 * tags (at most as many as a lead may hold) and the social profiles as custom fields.
 */
export function leadInputOf(contact: DiscoveredContact): ClientInput {
  return {
    ...emptyClientInput(),
    email: contact.email,
    ...splitPersonName(contact.name),
    title: contact.title,
    phone: contact.phone,
    company: contact.company,
    website: websiteOf(contact.sourceUrl),
    sourceUrl: contact.sourceUrl,
    collectedAt: contact.foundTime,
    tags: contact.tags.slice(0, limits.tags),
    customFields: socialCustomFields(contact.socialProfiles),
  };
}

/**
 * Validates a lead's input, leaving out what is invalid rather than the lead: a field that fails
 * (a title too long, a phone that is none) is emptied, a bad tag left out, and `dropped` names them.
 * An invalid email is the lead itself: INVALID_ARGUMENT.
 */
export function validLeadInput(input: ClientInput): { value: ValidClientInput; dropped: string[] } {
  const first = validateClientInput(input);
  if (first.violations.length === 0) return { value: first.value, dropped: [] };
  const cleared = withoutInvalidFields(input, first.violations);
  const second = validateClientInput(cleared);
  if (second.violations.length > 0) throw invalidArgument(second.violations);
  const dropped = [...new Set(first.violations.map((v) => topLevelField(v.field)))];
  return { value: second.value, dropped };
}

const topLevelField = (field: string) => field.split(/[.[]/)[0] as string;

function withoutInvalidFields(input: ClientInput, violations: readonly FieldViolation[]): ClientInput {
  const empty = emptyClientInput();
  const next: ClientInput = { ...input };
  const badTags = new Set<number>();
  for (const { field } of violations) {
    const tag = /^tags\[(\d+)\]$/.exec(field);
    const key = topLevelField(field).replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    if (tag) badTags.add(Number(tag[1]));
    // Without its address there is no lead: the email is kept, to be refused.
    else if (key !== 'email' && key in empty) Object.assign(next, { [key]: empty[key as keyof ClientInput] });
  }
  next.tags = next.tags.filter((_, index) => !badTags.has(index));
  return next;
}
