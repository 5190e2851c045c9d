import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { VerificationStatus } from '@coldreach/contracts';
import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import type { ColumnLayout } from './csv-columns';
import { splitTags } from './csv-columns';
import { verificationStatusToProto, type ClientInputInit } from '../mapping/lead-mapping';
import { verificationStatusNames, type VerificationStatusName } from '../schemas/lead-schemas';

/** A row to send, or why not; `key` groups the reason when its text varies from row to row. */
export type RowResult = { input: ClientInputInit } | { reason: string; key?: string };

/**
 * One data row as the Client service's input. Only what the gateway alone can judge is checked here
 * (the column count, dates, statuses), and the email with the service's own rule, so that a file of
 * rows without an address is not sent to the service 500 rows at a time; the other fields are
 * judged by the service.
 */
export function rowToClientInput(
  cells: string[],
  layout: ColumnLayout,
  extraTags: readonly string[],
): RowResult {
  const { targets } = layout;
  if (cells.length !== targets.length) {
    return {
      reason: `expected ${targets.length} columns as in the header, found ${cells.length}`,
      key: 'not as many columns as in the header',
    };
  }
  const email = emailProblem(normaliseEmail(cells[layout.emailIndex] ?? ''));
  if (email) return { reason: `email: ${email}` };
  const input = {
    email: '',
    firstName: '',
    lastName: '',
    company: '',
    title: '',
    phone: '',
    website: '',
    sourceUrl: '',
    collectedAt: undefined as ClientInputInit['collectedAt'],
    verificationStatus: VerificationStatus.UNSPECIFIED,
    tags: [...extraTags],
    customFields: {} as Record<string, string>,
  };
  for (let index = 0; index < targets.length; index++) {
    const target = targets[index]!;
    const value = (cells[index] ?? '').trim();
    if (value === '' || target.kind === 'ignored') continue;
    if (target.kind === 'custom') {
      input.customFields[target.key] = value;
      continue;
    }
    switch (target.field) {
      case 'tags':
        for (const tag of splitTags(value)) if (!input.tags.includes(tag)) input.tags.push(tag);
        break;
      case 'collectedAt': {
        const date = new Date(value);
        if (Number.isNaN(date.getTime()))
          return { reason: 'collected_at: must be a date such as 2024-05-01T09:30:00Z' };
        input.collectedAt = timestampFromDate(date);
        break;
      }
      case 'verificationStatus': {
        const status = value.toLowerCase();
        if (!(verificationStatusNames as readonly string[]).includes(status)) {
          return { reason: `verification_status: must be one of ${verificationStatusNames.join(', ')}` };
        }
        input.verificationStatus = verificationStatusToProto(status as VerificationStatusName);
        break;
      }
      case 'customFields':
        break;
      default:
        input[target.field] = value;
    }
  }
  return { input };
}
