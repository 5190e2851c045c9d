import type { LeadFieldsBody } from '../schemas/lead-schemas';

/** The lead field a CSV column fills, or a custom field (by its snake_case key), or nothing. */
export type ColumnTarget =
  | { kind: 'field'; field: keyof LeadFieldsBody | 'email' }
  | { kind: 'custom'; key: string }
  | { kind: 'ignored' };

// Header spellings seen in exports from CRMs, spreadsheets and scrapers, compared after dropping
// case and every character but letters and digits ("E-mail", "Email Address", "first_name").
const spellings: Record<string, keyof LeadFieldsBody | 'email'> = {
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
  firstname: 'firstName',
  givenname: 'firstName',
  lastname: 'lastName',
  surname: 'lastName',
  familyname: 'lastName',
  company: 'company',
  companyname: 'company',
  organization: 'company',
  organisation: 'company',
  title: 'title',
  jobtitle: 'title',
  position: 'title',
  phone: 'phone',
  phonenumber: 'phone',
  telephone: 'phone',
  mobile: 'phone',
  website: 'website',
  websiteurl: 'website',
  url: 'website',
  sourceurl: 'sourceUrl',
  tags: 'tags',
  collectedat: 'collectedAt',
  verificationstatus: 'verificationStatus',
};

/** What a header cell maps to. */
export function columnTarget(header: string): ColumnTarget {
  const compact = header.toLowerCase().replace(/[^a-z0-9]/g, '');
  const field = spellings[compact];
  if (field && Object.hasOwn(spellings, compact)) return { kind: 'field', field };
  const key = customFieldKey(header);
  return key === '' ? { kind: 'ignored' } : { kind: 'custom', key };
}

/**
 * A header as a custom field key: snake_case, letters/digits/underscore, at most 64 characters and
 * never starting with a digit ("Lead Score" → lead_score, "leadScore" → lead_score, "2024 Q1" → _2024_q1).
 */
export function customFieldKey(header: string): string {
  const snake = header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (snake === '') return '';
  return (/^[0-9]/.test(snake) ? `_${snake}` : snake).slice(0, 64);
}

/** A column layout checked once, from the header row. */
export interface ColumnLayout {
  targets: ColumnTarget[];
  /** The column holding the email address. */
  emailIndex: number;
}

/**
 * Reads the header row; throws a message for the caller when it is not a usable header. With a
 * mapping (one target per column, chosen by the person importing) the header names are not guessed.
 */
export function readHeader(cells: string[], mapping?: readonly ColumnTarget[]): ColumnLayout {
  if (mapping && mapping.length !== cells.length) {
    throw new Error(`the mapping names ${mapping.length} columns but the header has ${cells.length}`);
  }
  const targets = mapping ? [...mapping] : cells.map((cell) => columnTarget(cell.trim()));
  const emailIndex = targets.findIndex((t) => t.kind === 'field' && t.field === 'email');
  if (emailIndex < 0) {
    throw new Error(
      mapping
        ? 'the mapping must send one column to email'
        : 'the first row must be a header naming an email column (e.g. "email", "E-mail" or "Email Address")',
    );
  }
  const seen = new Map<string, string>();
  targets.forEach((target, index) => {
    if (target.kind === 'ignored') return;
    const name = target.kind === 'field' ? target.field : `custom field ${target.key}`;
    const header = (cells[index] ?? '').trim().slice(0, 100);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new Error(`columns "${earlier}" and "${header}" both map to ${name}`);
    }
    seen.set(name, header);
  });
  return { targets, emailIndex };
}

/** Splits a tag list: a CSV cell separates tags with `;`, a form field with `,` or `;`. */
export function splitTags(value: string, separators: RegExp = /;/): string[] {
  return value
    .split(separators)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

const fieldNames = new Set<string>(Object.values(spellings));
const customKey = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * A column mapping as sent with an upload: a JSON array with one entry per column, each a lead
 * field ("email", "firstName", …), "custom:<key>" or "ignore". Throws a message naming the bad entry.
 */
export function parseColumnMapping(text: string): ColumnTarget[] {
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    throw new Error('the mapping must be a JSON array of strings');
  }
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > 1000) {
    throw new Error('the mapping must be a JSON array of 1 to 1000 strings');
  }
  return entries.map((entry: unknown, index): ColumnTarget => {
    if (entry === 'ignore') return { kind: 'ignored' };
    if (typeof entry === 'string' && fieldNames.has(entry)) {
      return { kind: 'field', field: entry as keyof LeadFieldsBody | 'email' };
    }
    if (typeof entry === 'string' && entry.startsWith('custom:') && customKey.test(entry.slice(7))) {
      return { kind: 'custom', key: entry.slice(7) };
    }
    throw new Error(
      `mapping[${index}] must be a lead field (${[...fieldNames].join(', ')}), "custom:<key>" or "ignore"`,
    );
  });
}

/** A column's first guess as a mapping entry, and the custom field key its header would make. */
export interface ColumnGuess {
  target: string;
  customKey: string;
}

/**
 * The mapping an import would use for a header, as entries of {@link parseColumnMapping}: what
 * columnTarget reads, except that a second column for a field (or custom key) already taken is a
 * custom field (or ignored), so the guess is always a mapping the import accepts but for the email.
 */
export function guessColumns(header: readonly string[]): ColumnGuess[] {
  const taken = new Set<string>();
  return header.map((cell) => {
    const customKey = customFieldKey(cell.trim());
    const target = columnTarget(cell.trim());
    if (target.kind === 'field' && !taken.has(target.field)) {
      taken.add(target.field);
      return { target: target.field, customKey };
    }
    if (customKey === '' || taken.has(`custom:${customKey}`)) return { target: 'ignore', customKey };
    taken.add(`custom:${customKey}`);
    return { target: `custom:${customKey}`, customKey };
  });
}
