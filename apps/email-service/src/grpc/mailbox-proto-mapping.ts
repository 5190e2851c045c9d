import { create } from '@bufbuild/protobuf';
import { durationFromMs, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  MailboxSchema,
  TestMailboxResponseSchema,
  type Mailbox as MailboxMessage,
  type MailboxInput as MailboxInputMessage,
  type TestMailboxResponse,
} from '@coldreach/contracts';
import type { Mailbox, MailboxInput } from '../domain/mailbox';
import type { SmtpProbeResult } from '../domain/smtp-probe';

export function mailboxInputFromProto(message: MailboxInputMessage | undefined): MailboxInput {
  return {
    name: message?.name ?? '',
    smtpUrl: message?.smtpUrl ?? '',
    fromName: message?.fromName ?? '',
    fromAddress: message?.fromAddress ?? '',
    dailyCap: message?.dailyCap ?? 0,
    domainHourlyCap: message?.domainHourlyCap ?? 0,
    imapUrl: message?.imapUrl ?? '',
  };
}

export function mailboxToProto(mailbox: Mailbox): MailboxMessage {
  return create(MailboxSchema, {
    id: mailbox.id,
    workspaceId: mailbox.workspaceId,
    name: mailbox.name,
    fromName: mailbox.fromName,
    fromAddress: mailbox.fromAddress,
    smtpHost: mailbox.smtpHost,
    smtpPort: mailbox.smtpPort,
    hasCredentials: mailbox.hasCredentials,
    dailyCap: mailbox.dailyCap,
    domainHourlyCap: mailbox.domainHourlyCap,
    imapHost: mailbox.imapHost,
    imapPort: mailbox.imapPort,
    ...(mailbox.inboxReadTime && { inboxReadTime: timestampFromDate(mailbox.inboxReadTime) }),
    inboxError: mailbox.inboxError,
    createTime: timestampFromDate(mailbox.createTime),
    updateTime: timestampFromDate(mailbox.updateTime),
  });
}

export function probeResultToProto(result: SmtpProbeResult): TestMailboxResponse {
  return create(TestMailboxResponseSchema, {
    ok: result.ok,
    detail: result.detail,
    latency: durationFromMs(result.latencyMs),
  });
}
