// The mapping step of an import: each CSV column → a lead field, a custom field or nothing. The
// first guess is the gateway's own (POST /api/leads/import/columns), so accepting every guess
// imports the file as an upload without a mapping would; this module holds the person's changes.

import { leadTextFields } from '../leads/lead-form';

/** What a column can fill: the lead form's fields (one list of names and labels), and the import's own. */
export const leadFieldTargets = [
  ['email', 'Email'],
  ...leadTextFields,
  ['tags', 'Tags (separated by ;)'],
  ['collectedAt', 'Collected at'],
  ['verificationStatus', 'Verification status'],
] as const;

export type LeadFieldTarget = (typeof leadFieldTargets)[number][0];

/** What one column fills. */
export type ColumnChoice =
  { kind: 'field'; field: LeadFieldTarget } | { kind: 'custom'; key: string } | { kind: 'ignore' };

/** One column of the mapping step: its header, a sample value, the choice and the key "custom" takes. */
export interface MappedColumn {
  header: string;
  sample: string;
  choice: ColumnChoice;
  /** The custom field key the header makes (the server's snake_case of it). */
  customKey: string;
}

const fieldNames = new Set<string>(leadFieldTargets.map(([field]) => field));

/** A mapping entry (as the API writes it: a field, "custom:<key>", "ignore") as a choice. */
export function choiceFromEntry(entry: string): ColumnChoice {
  if (fieldNames.has(entry)) return { kind: 'field', field: entry as LeadFieldTarget };
  if (entry.startsWith('custom:')) return { kind: 'custom', key: entry.slice('custom:'.length) };
  return { kind: 'ignore' };
}

/** The columns of the mapping step from the header, the sample row and the API's guesses. */
export function mappedColumns(
  header: readonly string[],
  sample: readonly string[],
  guesses: readonly { target: string; customKey: string }[],
): MappedColumn[] {
  return header.map((name, index) => ({
    header: name,
    sample: sample[index] ?? '',
    choice: choiceFromEntry(guesses[index]?.target ?? 'ignore'),
    customKey: guesses[index]?.customKey ?? '',
  }));
}

/** A choice as the value of the column's select ("custom" for any custom key), and back. */
export function choiceValue(choice: ColumnChoice): string {
  if (choice.kind === 'field') return choice.field;
  return choice.kind;
}

export function choiceFromValue(value: string, column: MappedColumn): ColumnChoice {
  if (value === 'custom') {
    if (column.choice.kind === 'custom') return column.choice;
    return { kind: 'custom', key: column.customKey };
  }
  return value === 'ignore' ? { kind: 'ignore' } : choiceFromEntry(value);
}

const keyPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * What stops the mapping from being sent: a problem of one column (`column`, its index) or of the
 * whole mapping (`column` undefined). Empty: ready to upload.
 */
export function mappingProblems(columns: readonly MappedColumn[]): { column?: number; message: string }[] {
  const problems: { column?: number; message: string }[] = [];
  if (!columns.some(({ choice }) => choice.kind === 'field' && choice.field === 'email')) {
    problems.push({ message: 'Choose the column that holds the email address.' });
  }
  const firstUse = new Map<string, number>();
  columns.forEach(({ choice }, column) => {
    if (choice.kind === 'ignore') return;
    if (choice.kind === 'custom' && !keyPattern.test(choice.key)) {
      problems.push({
        column,
        message: 'A custom field name is 1 to 64 letters, digits and _, not starting with a digit.',
      });
      return;
    }
    const name = choice.kind === 'field' ? choice.field : `custom:${choice.key}`;
    const first = firstUse.get(name);
    if (first === undefined) firstUse.set(name, column);
    else problems.push({ column, message: `Column ${first + 1} fills this already: choose one of them.` });
  });
  return problems;
}

/** The mapping as the import takes it: a JSON array, one entry per column. */
export function mappingJson(columns: readonly MappedColumn[]): string {
  return JSON.stringify(
    columns.map(({ choice }) =>
      choice.kind === 'field' ? choice.field : choice.kind === 'custom' ? `custom:${choice.key}` : 'ignore',
    ),
  );
}
