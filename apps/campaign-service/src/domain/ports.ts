import type { VerificationStatusName } from './campaign';

/** A client as the Client service returns it, as far as the campaign rules need it. */
export interface LeadClient {
  id: string;
  email: string;
  customFields: Readonly<Record<string, string>>;
  verificationStatus: VerificationStatusName;
}

/** One ListClients filter; TargetCriteria with several tags becomes one listing per tag. */
export interface ClientListFilter {
  tag: string;
  verificationStatuses: VerificationStatusName[];
  company: string;
  query: string;
}

/** The Client service, as the campaign rules use it. Every call carries a deadline. */
export interface ClientDirectory {
  /** The client, or undefined when it does not exist in the workspace (another workspace's included). */
  get(workspaceId: string, clientId: string): Promise<LeadClient | undefined>;
  /** The clients that exist among `ids` (at most 1000), and the ids that do not. */
  batchGet(
    workspaceId: string,
    ids: readonly string[],
  ): Promise<{ clients: LeadClient[]; missingIds: string[] }>;
  /** One page of the workspace's clients matching `filter`. */
  list(
    workspaceId: string,
    filter: ClientListFilter,
    pageToken: string,
  ): Promise<{ clients: LeadClient[]; nextPageToken: string }>;
}

/** The Email service's mailboxes, as the campaign rules use them. */
export interface MailboxDirectory {
  /** The ids among `ids` that are not mailboxes of the workspace. */
  findMissing(workspaceId: string, ids: readonly string[]): Promise<string[]>;
}
