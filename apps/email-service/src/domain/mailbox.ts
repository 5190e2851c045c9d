import type { ImapEndpoint } from './imap-url';
import type { SmtpEndpoint } from './smtp-url';

/** A sending account as the service shows it: never its SMTP URL, only where it points. */
export interface Mailbox {
  id: string;
  workspaceId: string;
  name: string;
  fromName: string;
  fromAddress: string;
  /** Empty when the mailbox uses the service's default transport. */
  smtpHost: string;
  smtpPort: number;
  hasCredentials: boolean;
  dailyCap: number;
  /** 0 means no limit. */
  domainHourlyCap: number;
  /** Empty when the mailbox's inbox is not read. */
  imapHost: string;
  imapPort: number;
  /** When its INBOX was last read to the end. */
  inboxReadTime: Date | null;
  /** Why the last read failed; empty when it worked. */
  inboxError: string;
  createTime: Date;
  updateTime: Date;
}

/** A mailbox's SMTP setting: the URL to seal (input only) and what may be shown of it. */
export interface SmtpSetting {
  url: string;
  endpoint: SmtpEndpoint;
}

/** MailboxInput as the caller gave it. */
export interface MailboxInput {
  name: string;
  smtpUrl: string;
  fromName: string;
  fromAddress: string;
  dailyCap: number;
  domainHourlyCap: number;
  imapUrl: string;
}

/** A mailbox's IMAP setting: the URL to seal (input only) and where it points. */
export interface ImapSetting {
  url: string;
  endpoint: ImapEndpoint;
}

/** The changes of a create or update, validated; an absent field is left as it is. */
export interface MailboxChanges {
  name?: string;
  /** null: use the default transport (clears a stored URL). */
  smtp?: SmtpSetting | null;
  fromName?: string;
  fromAddress?: string;
  dailyCap?: number;
  domainHourlyCap?: number;
  /** null: the inbox is not read (clears a stored URL). */
  imap?: ImapSetting | null;
}

/** Every field of a new mailbox. */
export type NewMailbox = Required<MailboxChanges> & { id: string; workspaceId: string; now: Date };
