// Email service messages ⇄ the REST API's JSON. No mapping here ever reads an SMTP or IMAP URL:
// mailboxes come back with hosts, ports and whether credentials are stored, and nothing else.
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { Duration } from '@bufbuild/protobuf/wkt';
import {
  DeliveryStatus,
  SuppressionReason,
  TaskStatus,
  type CaughtMessage,
  type Delivery,
  type Mailbox,
  type MailboxInputSchema,
  type Suppression,
  type Task,
  type TestMailboxResponse,
} from '@coldreach/contracts';
import { maskFromBody } from './campaign-mapping';
import { enumName, iso, isoOrNull, nullIfEmpty } from './proto-values';
import type { MailboxFieldsBody } from '../schemas/mailbox-schemas';

type MailboxInputInit = MessageInitShape<typeof MailboxInputSchema>;

export function mailboxFromProto(mailbox: Mailbox) {
  return {
    id: mailbox.id,
    name: mailbox.name,
    fromName: mailbox.fromName,
    fromAddress: mailbox.fromAddress,
    smtpHost: nullIfEmpty(mailbox.smtpHost),
    smtpPort: mailbox.smtpHost === '' ? null : mailbox.smtpPort,
    hasCredentials: mailbox.hasCredentials,
    dailyCap: mailbox.dailyCap,
    domainHourlyCap: mailbox.domainHourlyCap,
    imapHost: nullIfEmpty(mailbox.imapHost),
    imapPort: mailbox.imapHost === '' ? null : mailbox.imapPort,
    inboxReadAt: isoOrNull(mailbox.inboxReadTime),
    inboxError: nullIfEmpty(mailbox.inboxError),
    createdAt: iso(mailbox.createTime),
    updatedAt: iso(mailbox.updateTime),
  };
}

export function mailboxInputFromBody(body: MailboxFieldsBody): MailboxInputInit {
  return {
    name: body.name ?? '',
    smtpUrl: body.smtpUrl ?? '',
    imapUrl: body.imapUrl ?? '',
    fromName: body.fromName ?? '',
    fromAddress: body.fromAddress ?? '',
    dailyCap: body.dailyCap ?? 0,
    domainHourlyCap: body.domainHourlyCap ?? 0,
  };
}

export const mailboxMask = (body: MailboxFieldsBody) =>
  maskFromBody(body, {
    name: 'name',
    smtpUrl: 'smtp_url',
    imapUrl: 'imap_url',
    fromName: 'from_name',
    fromAddress: 'from_address',
    dailyCap: 'daily_cap',
    domainHourlyCap: 'domain_hourly_cap',
  });

/** An SMTP or IMAP connection test's answer. */
export function mailboxTestFromProto(result: Pick<TestMailboxResponse, 'ok' | 'detail' | 'latency'>) {
  return { ok: result.ok, detail: result.detail, latencyMs: millisecondsOf(result.latency) };
}

function millisecondsOf(duration: Duration | undefined): number {
  return duration ? Number(duration.seconds) * 1000 + Math.round(duration.nanos / 1e6) : 0;
}

export function deliveryFromProto(delivery: Delivery) {
  return {
    id: delivery.id,
    campaignId: nullIfEmpty(delivery.campaignId),
    stepId: nullIfEmpty(delivery.stepId),
    stepPosition: delivery.stepPosition,
    clientId: delivery.clientId,
    mailboxId: delivery.mailboxId,
    toAddress: delivery.toAddress,
    subject: delivery.subject,
    status: enumName(DeliveryStatus, delivery.status),
    scheduledAt: isoOrNull(delivery.scheduledTime),
    attempts: delivery.attempts,
    nextAttemptAt: isoOrNull(delivery.nextAttemptTime),
    lastError: nullIfEmpty(delivery.lastError),
    lastSmtpCode: delivery.lastSmtpCode === 0 ? null : delivery.lastSmtpCode,
    messageId: delivery.messageId,
    createdAt: iso(delivery.createTime),
    updatedAt: iso(delivery.updateTime),
    sentAt: isoOrNull(delivery.sentTime),
  };
}

/** GET /api/status/:id for something the Email service has (the latest state of it). */
export function statusFromDelivery(delivery: Delivery) {
  return {
    id: delivery.id,
    status: enumName(DeliveryStatus, delivery.status),
    attempts: delivery.attempts,
    lastError: nullIfEmpty(delivery.lastError),
    messageId: nullIfEmpty(delivery.messageId),
    scheduledAt: isoOrNull(delivery.scheduledTime),
    sentAt: isoOrNull(delivery.sentTime),
    campaignId: nullIfEmpty(delivery.campaignId),
    stepId: nullIfEmpty(delivery.stepId),
    clientId: delivery.clientId,
    mailboxId: nullIfEmpty(delivery.mailboxId),
    updatedAt: iso(delivery.updateTime),
  };
}

/** GET /api/status/:id for a task not yet handed to the Email service. */
export function statusFromTask(task: Task) {
  return {
    id: task.id,
    status: enumName(TaskStatus, task.status),
    attempts: task.attempts,
    lastError: nullIfEmpty(task.lastError),
    messageId: nullIfEmpty(task.messageId),
    scheduledAt: isoOrNull(task.scheduledTime),
    sentAt: isoOrNull(task.sentTime),
    campaignId: nullIfEmpty(task.campaignId),
    stepId: nullIfEmpty(task.stepId),
    clientId: task.clientId,
    mailboxId: nullIfEmpty(task.mailboxId),
    updatedAt: iso(task.updateTime),
  };
}

export function suppressionFromProto(suppression: Suppression) {
  return {
    email: suppression.email,
    reason: enumName(SuppressionReason, suppression.reason),
    note: suppression.note,
    deliveryId: nullIfEmpty(suppression.deliveryId),
    createdAt: iso(suppression.createTime),
  };
}

export function caughtMessageFromProto(message: CaughtMessage) {
  return {
    id: message.id,
    deliveryId: message.deliveryId,
    campaignId: nullIfEmpty(message.campaignId),
    mailboxId: message.mailboxId,
    envelopeFrom: message.envelopeFrom,
    envelopeTo: message.envelopeTo,
    subject: message.subject,
    textBody: message.textBody,
    htmlBody: message.htmlBody,
    headers: message.headers.map(({ name, value }) => ({ name, value })),
    messageId: message.messageId,
    sizeBytes: Number(message.sizeBytes),
    caughtAt: iso(message.catchTime),
  };
}
