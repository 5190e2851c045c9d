import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  InboundKind,
  InboundMessageSchema,
  type InboundMessage as InboundMessageProto,
} from '@coldreach/contracts';
import { inboundKinds, type InboundKindName, type InboundMessage } from '../inbound/inbound-message';

const kindToProto = Object.fromEntries(
  inboundKinds.map((name) => [name, InboundKind[name.toUpperCase() as keyof typeof InboundKind]]),
) as Record<InboundKindName, InboundKind>;
const kindFromProto = new Map(
  Object.entries(kindToProto).map(([name, value]) => [value, name as InboundKindName]),
);

/** The stored kind of a proto kind; undefined for UNSPECIFIED or an unknown value. */
export function inboundKindName(kind: InboundKind): InboundKindName | undefined {
  return kindFromProto.get(kind);
}

export function inboundMessageToProto(message: InboundMessage): InboundMessageProto {
  return create(InboundMessageSchema, {
    id: message.id,
    workspaceId: message.workspaceId,
    mailboxId: message.mailboxId,
    kind: kindToProto[message.kind],
    deliveryId: message.deliveryId ?? '',
    campaignId: message.campaignId ?? '',
    clientId: message.clientId ?? '',
    fromAddress: message.fromAddress,
    subject: message.subject,
    snippet: message.snippet,
    messageId: message.messageId,
    receiveTime: timestampFromDate(message.receiveTime),
    bounceType: message.bounceType,
    bounceStatus: message.bounceStatus,
    bouncedAddress: message.bouncedAddress,
    ...(message.returnTime && { returnTime: timestampFromDate(message.returnTime) }),
  });
}
