// Inbound messages (InboundMailService) ⇄ the REST API's JSON. REST names kinds with hyphens
// (auto-reply) where the proto has underscores (AUTO_REPLY).
import { InboundKind, type InboundMessage } from '@coldreach/contracts';
import { enumName, enumValue, iso, isoOrNull, nullIfEmpty } from './proto-values';

export function inboundKindName(kind: InboundKind): string {
  return enumName(InboundKind, kind).replace(/_/g, '-');
}

/** InboundKinds from a comma-separated list the route schema checked (`reply,auto-reply`); empty when absent. */
export function inboundKindsFromList(list: string | undefined): InboundKind[] {
  if (!list) return [];
  return [...new Set(list.split(','))].map((name) =>
    enumValue<InboundKind>(InboundKind, name.replace(/-/g, '_')),
  );
}

export function inboundMessageFromProto(message: InboundMessage) {
  return {
    id: message.id,
    kind: inboundKindName(message.kind),
    mailboxId: message.mailboxId,
    deliveryId: nullIfEmpty(message.deliveryId),
    campaignId: nullIfEmpty(message.campaignId),
    leadId: nullIfEmpty(message.clientId),
    from: message.fromAddress,
    subject: message.subject,
    snippet: message.snippet,
    messageId: message.messageId,
    receivedAt: iso(message.receiveTime),
    bounce:
      message.bounceType === ''
        ? null
        : { type: message.bounceType, status: message.bounceStatus, address: message.bouncedAddress },
    returnAt: isoOrNull(message.returnTime),
  };
}
