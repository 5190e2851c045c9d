// The corpus's plan and answer key: message i's shape, the delivery it answers and its size follow
// from i alone, so the runner, the raw load and the checks agree without sharing a file.

/** How a message is written (several shapes per kind, as real inboxes mix them). */
export type Shape =
  | 'threaded_reply'
  | 'unthreaded_reply'
  | 'out_of_office'
  | 'rfc3834_auto_reply'
  | 'dsn_hard'
  | 'qmail_hard'
  | 'dsn_soft'
  | 'arf_complaint'
  | 'remove_me'
  | 'unrelated';

/** What the Email service stores in `inbound_messages.kind`. */
export type StoredKind =
  'reply' | 'auto_reply' | 'bounce' | 'complaint' | 'unsubscribe_request' | 'unrelated';

export const storedKinds: readonly StoredKind[] = [
  'reply',
  'auto_reply',
  'bounce',
  'complaint',
  'unsubscribe_request',
  'unrelated',
];

// Per 100 messages; a cold-outreach inbox is mostly replies, out-of-offices and bounces.
const mix: readonly [Shape, number][] = [
  ['threaded_reply', 26],
  ['unthreaded_reply', 8],
  ['out_of_office', 11],
  ['rfc3834_auto_reply', 5],
  ['dsn_hard', 9],
  ['qmail_hard', 3],
  ['dsn_soft', 6],
  ['arf_complaint', 3],
  ['remove_me', 6],
  ['unrelated', 23],
];

const kindOfShape: Record<Shape, StoredKind> = {
  threaded_reply: 'reply',
  unthreaded_reply: 'reply',
  out_of_office: 'auto_reply',
  rfc3834_auto_reply: 'auto_reply',
  dsn_hard: 'bounce',
  qmail_hard: 'bounce',
  dsn_soft: 'bounce',
  arf_complaint: 'complaint',
  remove_me: 'unsubscribe_request',
  unrelated: 'unrelated',
};

const buckets: Shape[] = mix.flatMap(([shape, count]) => Array<Shape>(count).fill(shape));

/** 61 is prime to 100, so every run of 100 messages holds the mix exactly, interleaved. */
export function shapeOf(index: number): Shape {
  return buckets[(index * 61) % 100]!;
}

export function expectedKindOf(index: number): StoredKind {
  return kindOfShape[shapeOf(index)];
}

/** The classifier's answer: it cannot know an unmatched person's mail is unrelated. */
export function classifierKindOf(index: number): string {
  const kind = expectedKindOf(index);
  return kind === 'unrelated' ? 'reply' : kind;
}

export const senderDomain = 'sender.test';
export const senderAddress = `alice@${senderDomain}`;

/** The delivery message i answers (none for unrelated mail). Ids are valid UUIDs made of i. */
export interface CorpusDelivery {
  id: string;
  clientId: string;
  toAddress: string;
  subject: string;
  messageId: string;
}

const uuidOf = (prefix: string, index: number) =>
  `${prefix}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

export function deliveryOf(index: number): CorpusDelivery | undefined {
  if (shapeOf(index) === 'unrelated') return undefined;
  const id = uuidOf('00000000', index);
  return {
    id,
    clientId: uuidOf('11111111', index),
    toAddress: `lead${index}@company${index % 997}.test`,
    subject: `Quick question about Company ${index}`,
    // As the Email service derives it (messageIdFor): <delivery id@sender's domain>.
    messageId: `<${id}@${senderDomain}>`,
  };
}

/**
 * Bytes of message i: 2 to 30 KiB, most of them small (a cube of a spread-out fraction: the median
 * is about 5.5 KiB, the mean about 9 KiB), as replies with quoted history and bounces carrying the
 * original mostly are.
 */
export function sizeOf(index: number): number {
  const fraction = ((index * 7919) % 1000) / 1000;
  return Math.round(2048 + 28 * 1024 * fraction ** 3);
}

export function expectedCounts(messages: number, kindOf: (index: number) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let index = 0; index < messages; index++) {
    const kind = kindOf(index);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
