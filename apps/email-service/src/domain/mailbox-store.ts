import type { ListPosition } from '@coldreach/paging';
import type { Mailbox, MailboxChanges, NewMailbox } from './mailbox';

/**
 * Where mailboxes are kept, their SMTP URLs sealed. Every method is scoped to one workspace: a
 * mailbox of another workspace behaves exactly like one that does not exist (NOT_FOUND).
 */
export interface MailboxStore {
  create(mailbox: NewMailbox): Promise<Mailbox>;
  get(workspaceId: string, id: string): Promise<Mailbox>;
  /** The mailbox's SMTP URL, opened; undefined when it uses the default transport. */
  smtpUrlOf(workspaceId: string, id: string): Promise<string | undefined>;
  /** The opened IMAP URL; undefined when the inbox is not read. Never shown to callers. */
  imapUrlOf(workspaceId: string, id: string): Promise<string | undefined>;
  /** Up to `limit` mailboxes after `after`, newest first (`create_time DESC, id DESC`). */
  list(workspaceId: string, after: ListPosition | undefined, limit: number): Promise<Mailbox[]>;
  update(workspaceId: string, id: string, changes: MailboxChanges, now: Date): Promise<Mailbox>;
  /** FAILED_PRECONDITION (with their count) while deliveries still wait for or use the mailbox. */
  delete(workspaceId: string, id: string): Promise<void>;
}
