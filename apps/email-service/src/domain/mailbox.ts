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
}

/** Every field of a new mailbox. */
export type NewMailbox = Required<MailboxChanges> & { id: string; workspaceId: string; now: Date };
