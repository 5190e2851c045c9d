/**
 * The personalisation variables a step's templates may use, as the sequence editor offers them. The
 * names are the template language's (libs/outreach: personalisationVariables); the spec checks the
 * two lists agree. Each snippet carries a fallback where an empty value would read badly.
 */
export interface TemplateVariableOffer {
  /** What the button says. */
  label: string;
  /** What is inserted at the cursor. */
  snippet: string;
}

export const templateVariables: readonly TemplateVariableOffer[] = [
  { label: 'First name', snippet: '{{first_name | "there"}}' },
  { label: 'Last name', snippet: '{{last_name}}' },
  { label: 'Company', snippet: '{{company | "your team"}}' },
  { label: 'Job title', snippet: '{{title}}' },
  { label: 'Email', snippet: '{{email}}' },
  { label: 'Phone', snippet: '{{phone}}' },
  { label: 'Website', snippet: '{{website}}' },
];

/** How a custom field of a lead is named in a template (shown as a hint; the key is the user's). */
export const customFieldPattern = '{{custom.<field>}}';

/** The text with `snippet` in place of the selection [start, end), and where the cursor goes after it. */
export function insertSnippet(
  text: string,
  start: number,
  end: number,
  snippet: string,
): { text: string; cursor: number } {
  const from = clamp(Math.min(start, end), text.length);
  const to = clamp(Math.max(start, end), text.length);
  return { text: text.slice(0, from) + snippet + text.slice(to), cursor: from + snippet.length };
}

function clamp(index: number, length: number): number {
  return Number.isFinite(index) ? Math.max(0, Math.min(length, Math.trunc(index))) : length;
}
