import type { components } from '../../gen/api-schema';
import type { ApiError } from '../../api/problem';

export type CreateScrape = components['schemas']['CreateScrape'];
export type ScrapeScope = NonNullable<CreateScrape['scope']>;

/** What the start form holds: text as typed, so a refused start keeps every character. */
export interface ScrapeForm {
  seedUrls: string;
  scope: ScrapeScope;
  allowedDomains: string;
  maxPages: string;
  maxDepth: string;
  includePaths: string;
  excludePaths: string;
  leadTags: string;
  respectRobotsTxt: boolean;
}

export const emptyScrapeForm: ScrapeForm = {
  seedUrls: '',
  scope: 'same-host',
  allowedDomains: '',
  maxPages: '100',
  maxDepth: '2',
  includePaths: '',
  excludePaths: '',
  leadTags: '',
  respectRobotsTxt: true,
};

/** The list fields: one entry per line (tags may also be separated by commas). */
export const listFields = ['seedUrls', 'allowedDomains', 'includePaths', 'excludePaths', 'leadTags'] as const;
export type ListField = (typeof listFields)[number];

/** The entries of a list field with the line each came from, so an error on entry i names its line. */
export function entriesOf(text: string, splitCommas = false): { values: string[]; lines: number[] } {
  const values: string[] = [];
  const lines: number[] = [];
  text.split('\n').forEach((line, index) => {
    for (const part of splitCommas ? line.split(',') : [line]) {
      const value = part.trim();
      if (value === '') continue;
      values.push(value);
      lines.push(index + 1);
    }
  });
  return { values, lines };
}

const splitsCommas = (field: ListField) => field === 'leadTags';

/** A number field as typed: empty leaves the API's default; anything else is sent for the API to judge. */
function numberOf(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** The body of POST /api/scrape; empty optional fields are left out so the service's defaults apply. */
export function scrapeBodyOf(form: ScrapeForm): CreateScrape {
  const list = (field: ListField) => entriesOf(form[field], splitsCommas(field)).values;
  const body: CreateScrape = { seedUrls: list('seedUrls'), scope: form.scope };
  const maxPages = numberOf(form.maxPages);
  const maxDepth = numberOf(form.maxDepth);
  if (maxPages !== undefined) body.maxPages = maxPages;
  if (maxDepth !== undefined) body.maxDepth = maxDepth;
  if (form.scope === 'listed-domains') body.allowedDomains = list('allowedDomains');
  for (const field of ['includePaths', 'excludePaths', 'leadTags'] as const) {
    const values = list(field);
    if (values.length > 0) body[field] = values;
  }
  if (!form.respectRobotsTxt) body.respectRobotsTxt = false;
  return body;
}

const stripLocation = (field: string) => field.replace(/^body\./, '');

/**
 * The API's messages for one field of the form, an entry's (`seedUrls[2]`) saying the line it is on:
 * the API counts the entries sent, the person sees lines (blank ones included).
 */
export function formFieldError(error: ApiError | null, form: ScrapeForm, field: keyof ScrapeForm) {
  if (!error) return undefined;
  const isList = (listFields as readonly string[]).includes(field);
  const lines = isList ? entriesOf(form[field] as string, splitsCommas(field as ListField)).lines : [];
  const messages = (error.problem.errors ?? []).flatMap((entry) => {
    const name = stripLocation(entry.field);
    if (name === field) return [entry.message];
    const indexed = /^(\w+)\[(\d+)\]$/.exec(name);
    if (!indexed || indexed[1] !== field) return [];
    const line = lines[Number(indexed[2])];
    return [line === undefined ? entry.message : `Line ${line}: ${entry.message}`];
  });
  return messages.length > 0 ? messages.join(' ') : undefined;
}

/** The error fields the form shows beside its inputs (the rest go to the form's general message). */
export function claimedFields(error: ApiError | null): string[] {
  const names = Object.keys(emptyScrapeForm);
  return (error?.problem.errors ?? [])
    .map((entry) => stripLocation(entry.field))
    .filter((name) => names.includes(name.replace(/\[\d+\]$/, '')));
}
