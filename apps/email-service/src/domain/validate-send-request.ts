import { invalidArgument, unstorableTextViolations, type FieldViolation } from '@coldreach/errors';
import { isUuid } from '@coldreach/ids';
import { characterCount, templateFieldLimits, validateTemplate } from '@coldreach/outreach';

/** SendEmailRequest as the caller gave it. */
export interface SendEmailInput {
  workspaceId: string;
  clientId: string;
  mailboxId: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  requestId: string;
  scheduledTime: Date | undefined;
}

export interface ValidSendEmail {
  workspaceId: string;
  clientId: string;
  mailboxId: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  requestId: string | null;
  scheduledAt: Date;
}

// Templates are limited as a campaign step's are (one source with the REST contract).
const maxRequestIdLength = 200;
const maxScheduleAheadMs = 365 * 86_400_000;

/**
 * Checks a SendEmail request, naming every bad field: ids, the templates (with the same variables
 * as campaign steps, so `{{frist_name}}` is caught before anything is stored), the request id and
 * the send time. An unset or past send time means now.
 */
export function validateSendEmail(input: SendEmailInput, now: Date): ValidSendEmail {
  const violations: FieldViolation[] = [
    // What PostgreSQL cannot store (a NUL, a lone surrogate) in the texts kept with the delivery.
    ...unstorableTextViolations(input.subject, 'subject'),
    ...unstorableTextViolations(input.textBody, 'text_body'),
    ...unstorableTextViolations(input.htmlBody, 'html_body'),
    ...unstorableTextViolations(input.requestId, 'request_id'),
  ];
  for (const [field, value] of [
    ['workspace_id', input.workspaceId],
    ['client_id', input.clientId],
    ['mailbox_id', input.mailboxId],
  ] as const) {
    if (!isUuid(value)) violations.push({ field, message: 'must be a UUID' });
  }
  if (input.subject.trim() === '') violations.push({ field: 'subject', message: 'is required' });
  if (input.textBody.trim() === '' && input.htmlBody.trim() === '')
    violations.push({ field: 'text_body', message: 'a text or an HTML body is required' });
  for (const [field, value, max] of [
    ['subject', input.subject, templateFieldLimits.subject],
    ['text_body', input.textBody, templateFieldLimits.textBody],
    ['html_body', input.htmlBody, templateFieldLimits.htmlBody],
  ] as const) {
    if (characterCount(value) > max) violations.push({ field, message: `must be at most ${max} characters` });
    else for (const message of validateTemplate(value)) violations.push({ field, message });
  }
  const requestId = input.requestId.trim();
  if (requestId.length > maxRequestIdLength || /[\p{Cc}]/u.test(requestId))
    violations.push({
      field: 'request_id',
      message: `must be at most ${maxRequestIdLength} characters without control characters`,
    });
  const scheduledAt =
    input.scheduledTime && input.scheduledTime.getTime() > now.getTime() ? input.scheduledTime : now;
  if (Number.isNaN(scheduledAt.getTime()) || scheduledAt.getTime() - now.getTime() > maxScheduleAheadMs)
    violations.push({ field: 'scheduled_time', message: 'must be at most 365 days ahead' });
  if (violations.length > 0) throw invalidArgument(violations);
  return {
    workspaceId: input.workspaceId.toLowerCase(),
    clientId: input.clientId.toLowerCase(),
    mailboxId: input.mailboxId.toLowerCase(),
    subject: input.subject,
    textBody: input.textBody,
    htmlBody: input.htmlBody,
    requestId: requestId === '' ? null : requestId,
    scheduledAt,
  };
}
