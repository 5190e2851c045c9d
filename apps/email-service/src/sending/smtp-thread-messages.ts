import type { SmtpOutcome } from '../ledger/classify-smtp-outcome';
import type { SmtpTarget } from './smtp-connection-options';
import type { RawMessage } from './smtp-pools';

/** What the main thread asks of the SMTP thread (posted as arrays: all of one turn at once). */
export type ToSmtpThread =
  | { type: 'send'; id: number; key: string; target: SmtpTarget; message: RawMessage; deadlineMs: number }
  | { type: 'closeIdle'; idleMs: number }
  | { type: 'close' };

/** What the SMTP thread answers (posted as arrays, a few milliseconds' worth at a time). */
export type FromSmtpThread =
  | { type: 'outcome'; id: number; outcome: SmtpOutcome }
  | { type: 'warn'; message: string; fields: Record<string, unknown> }
  | { type: 'closed' };
