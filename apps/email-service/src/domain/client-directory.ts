import type { Client } from '@coldreach/contracts';

/** Reads leads from the Client service (with a deadline). */
export interface ClientDirectory {
  /** The client, or NOT_FOUND naming it when it does not exist in the workspace. */
  getClient(workspaceId: string, clientId: string): Promise<Client>;
}
