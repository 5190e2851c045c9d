/** What a message read from an inbox is, as stored in `inbound_messages.kind`. */
export type InboundKindName =
  'reply' | 'auto_reply' | 'bounce' | 'complaint' | 'unsubscribe_request' | 'unrelated';

export const inboundKinds: readonly InboundKindName[] = [
  'reply',
  'auto_reply',
  'bounce',
  'complaint',
  'unsubscribe_request',
  'unrelated',
];

/** One message read from an inbox: the minimum a user needs to see it, never its body. */
export interface InboundMessage {
  id: string;
  workspaceId: string;
  mailboxId: string;
  kind: InboundKindName;
  deliveryId: string | null;
  campaignId: string | null;
  clientId: string | null;
  fromAddress: string;
  subject: string;
  /** At most 280 characters of the new text. */
  snippet: string;
  messageId: string;
  receiveTime: Date;
  bounceType: string;
  bounceStatus: string;
  bouncedAddress: string;
  returnTime: Date | null;
}

export interface InboundFilter {
  campaignId?: string;
  clientId?: string;
  mailboxId?: string;
  kinds: InboundKindName[];
}

/** The delivery id inside one of our Message-IDs (`<delivery-id@domain>`, see messageIdFor). */
export function deliveryIdOfMessageId(messageId: string): string | undefined {
  const match = /^<?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@[^>]+>?$/i.exec(
    messageId.trim(),
  );
  return match?.[1]?.toLowerCase();
}

/** A subject without the reply and forward prefixes clients add ("Re: AW: Fwd: …"). */
export function baseSubject(subject: string): string {
  let rest = subject.trim();
  for (;;) {
    const next = rest.replace(/^(re|aw|sv|antw|wg|fw|fwd|tr)(\[\d+\])?\s*:\s*/i, '');
    if (next === rest) return rest.replace(/\s+/g, ' ');
    rest = next;
  }
}

/** The reply code in a bounce's diagnostic ("smtp; 550 5.1.1 …"), 0 when it gives none. */
export function smtpCodeOf(diagnostic: string): number {
  const match = /\b([245]\d\d)\b/.exec(diagnostic);
  return match ? Number(match[1]) : 0;
}
