import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  CaughtMessageSchema,
  SuppressionReason,
  SuppressionSchema,
  type CaughtMessage as CaughtMessageMessage,
  type Suppression as SuppressionMessage,
} from '@coldreach/contracts';
import type { CaughtMessage } from '../domain/caught-message';
import type { Suppression, SuppressionReasonName } from '../domain/suppression';

export const suppressionReasonToProto: Record<SuppressionReasonName, SuppressionReason> = {
  unsubscribe: SuppressionReason.UNSUBSCRIBE,
  hard_bounce: SuppressionReason.HARD_BOUNCE,
  complaint: SuppressionReason.COMPLAINT,
  manual: SuppressionReason.MANUAL,
};
const reasonFromProto = new Map(
  Object.entries(suppressionReasonToProto).map(([name, value]) => [value, name]),
);

/** The stored name of a proto reason; undefined for UNSPECIFIED, one the domain refuses when unknown. */
export function suppressionReasonName(reason: SuppressionReason): string | undefined {
  if (reason === SuppressionReason.UNSPECIFIED) return undefined;
  return reasonFromProto.get(reason) ?? `unrecognised (${reason})`;
}

export function suppressionToProto(entry: Suppression): SuppressionMessage {
  return create(SuppressionSchema, {
    workspaceId: entry.workspaceId,
    email: entry.email,
    reason: suppressionReasonToProto[entry.reason],
    note: entry.note,
    deliveryId: entry.deliveryId ?? '',
    createTime: timestampFromDate(entry.createTime),
  });
}

export function caughtMessageToProto(message: CaughtMessage): CaughtMessageMessage {
  return create(CaughtMessageSchema, {
    id: message.id,
    workspaceId: message.workspaceId,
    deliveryId: message.deliveryId,
    campaignId: message.campaignId ?? '',
    mailboxId: message.mailboxId,
    envelopeFrom: message.envelopeFrom,
    envelopeTo: message.envelopeTo,
    subject: message.subject,
    textBody: message.textBody,
    htmlBody: message.htmlBody,
    headers: message.headers,
    messageId: message.messageId,
    sizeBytes: BigInt(message.sizeBytes),
    catchTime: timestampFromDate(message.catchTime),
  });
}
