import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import {
  invalidArgument,
  snakeCaseKey,
  unstorableTextViolations,
  type FieldViolation,
} from '@coldreach/errors';
import { characterCount, mailboxFieldLimits } from '@coldreach/outreach';
import type { MailboxChanges, MailboxInput } from './mailbox';
import { parseImapUrl } from './imap-url';
import { parseSmtpUrl } from './smtp-url';

/** MailboxInput's fields by their proto (snake_case) names, as update masks name them. */
export const mailboxInputFields = [
  'name',
  'smtp_url',
  'from_name',
  'from_address',
  'daily_cap',
  'domain_hourly_cap',
  'imap_url',
] as const;
export type MailboxInputField = (typeof mailboxInputFields)[number];

export const defaultDailyCap = 200;
export const maxDailyCap = mailboxFieldLimits.dailyCap;
const maxNameLength = mailboxFieldLimits.name;
const maxFromNameLength = mailboxFieldLimits.fromName;

/**
 * Validates the `fields` of `input` (all of them on create) and returns them as changes, or throws
 * INVALID_ARGUMENT naming each bad field as `mailbox.<field>`. On create a daily cap of 0 means the
 * default; on update it is refused, since a cap is always in force.
 */
export function validateMailboxInput(
  input: MailboxInput,
  options: { fields: readonly MailboxInputField[]; creating: boolean },
): MailboxChanges {
  const violations: FieldViolation[] = [];
  const bad = (field: MailboxInputField, message: string) =>
    violations.push({ field: `mailbox.${field}`, message });
  const changes: MailboxChanges = {};
  // What PostgreSQL cannot store (a NUL, a lone surrogate), in any field the call changes.
  for (const field of options.fields) {
    const key = field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as keyof MailboxInput;
    violations.push(...unstorableTextViolations(input[key], `mailbox.${field}`, { rename: snakeCaseKey }));
  }
  for (const field of options.fields) {
    switch (field) {
      case 'name': {
        const name = input.name.trim();
        if (name === '') bad(field, 'is required');
        else if (characterCount(name) > maxNameLength)
          bad(field, `must be at most ${maxNameLength} characters`);
        changes.name = name;
        break;
      }
      case 'smtp_url': {
        if (input.smtpUrl.trim() === '') {
          changes.smtp = null;
          break;
        }
        const parsed = parseSmtpUrl(input.smtpUrl);
        if (parsed.ok) changes.smtp = { url: parsed.url, endpoint: parsed.endpoint };
        else bad(field, parsed.problem);
        break;
      }
      case 'from_name': {
        const fromName = input.fromName.trim();
        if (characterCount(fromName) > maxFromNameLength)
          bad(field, `must be at most ${maxFromNameLength} characters`);
        // A line break would let a display name add headers of its own.
        else if (/[\r\n]/.test(fromName)) bad(field, 'must be one line');
        changes.fromName = fromName;
        break;
      }
      case 'from_address': {
        const fromAddress = normaliseEmail(input.fromAddress);
        const problem = emailProblem(fromAddress);
        if (problem) bad(field, problem);
        changes.fromAddress = fromAddress;
        break;
      }
      case 'daily_cap': {
        const cap = input.dailyCap === 0 && options.creating ? defaultDailyCap : input.dailyCap;
        if (!Number.isInteger(cap) || cap < 1 || cap > maxDailyCap)
          bad(field, `must be 1 to ${maxDailyCap}${options.creating ? ' (0 means 200)' : ''}`);
        changes.dailyCap = cap;
        break;
      }
      case 'domain_hourly_cap': {
        const cap = input.domainHourlyCap;
        const max = mailboxFieldLimits.domainHourlyCap;
        if (!Number.isInteger(cap) || cap < 0 || cap > max) bad(field, `must be 0 (no limit) to ${max}`);
        changes.domainHourlyCap = cap;
        break;
      }
      case 'imap_url': {
        if (input.imapUrl.trim() === '') {
          changes.imap = null;
          break;
        }
        const parsed = parseImapUrl(input.imapUrl);
        if (parsed.ok) changes.imap = { url: parsed.url, endpoint: parsed.endpoint };
        else bad(field, parsed.problem);
        break;
      }
    }
  }
  if (violations.length > 0) throw invalidArgument(violations);
  return changes;
}

/** The fields an update mask names, or INVALID_ARGUMENT naming each bad path. */
export function parseMailboxUpdateMask(paths: readonly string[]): MailboxInputField[] {
  if (paths.length === 0) {
    throw invalidArgument([{ field: 'update_mask', message: 'must name at least one field to change' }]);
  }
  const violations: FieldViolation[] = [];
  const fields: MailboxInputField[] = [];
  paths.forEach((path, index) => {
    if (!(mailboxInputFields as readonly string[]).includes(path)) {
      violations.push({
        field: `update_mask.paths[${index}]`,
        message: `"${path.slice(0, 100)}" is not a field of MailboxInput (use snake_case names)`,
      });
    } else if (!fields.includes(path as MailboxInputField)) {
      fields.push(path as MailboxInputField);
    }
  });
  if (violations.length > 0) throw invalidArgument(violations);
  return fields;
}
