import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DeliverySchema, DeliveryStatus, type Delivery as DeliveryMessage } from '@coldreach/contracts';
import { deliveryStatuses, type Delivery, type DeliveryStatusName } from '../domain/delivery';

/** The proto value of a stored state: the enum member of the same name (see DeliveryStatusName). */
export const deliveryStatusToProto = Object.fromEntries(
  deliveryStatuses.map((name) => [name, DeliveryStatus[toUpperCase(name)]]),
) as Record<DeliveryStatusName, DeliveryStatus>;
const statusFromProto = new Map(Object.entries(deliveryStatusToProto).map(([name, value]) => [value, name]));

/** The stored name of a proto status; one the domain refuses (naming the field) when unknown. */
export function deliveryStatusName(status: DeliveryStatus): string {
  return statusFromProto.get(status) ?? `unrecognised (${status})`;
}

export function deliveryToProto(delivery: Delivery): DeliveryMessage {
  return create(DeliverySchema, {
    id: delivery.id,
    workspaceId: delivery.workspaceId,
    campaignId: delivery.campaignId ?? '',
    stepId: delivery.stepId ?? '',
    stepPosition: delivery.stepPosition,
    clientId: delivery.clientId,
    mailboxId: delivery.mailboxId,
    toAddress: delivery.toAddress,
    subject: delivery.subject,
    status: deliveryStatusToProto[delivery.status],
    scheduledTime: timestampFromDate(delivery.scheduledAt),
    attempts: delivery.attempts,
    nextAttemptTime: delivery.nextAttemptAt ? timestampFromDate(delivery.nextAttemptAt) : undefined,
    lastError: delivery.lastError,
    lastSmtpCode: delivery.lastSmtpCode,
    messageId: delivery.messageId,
    createTime: timestampFromDate(delivery.createTime),
    updateTime: timestampFromDate(delivery.updateTime),
    sentTime: delivery.status === 'sent' && delivery.sentAt ? timestampFromDate(delivery.sentAt) : undefined,
  });
}

function toUpperCase<Name extends string>(name: Name): Uppercase<Name> {
  return name.toUpperCase() as Uppercase<Name>;
}
