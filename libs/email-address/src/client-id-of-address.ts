import { uuidFromParts } from '@coldreach/ids';
import { normaliseEmail } from './email-address';

/**
 * The id of the client with `email` in `workspaceId`, whether or not that client exists yet: the
 * Client service derives every client id this way (its deriveClientId; the Email service's spec holds
 * the two equal), and an address is a client's identity, never changed. Services that only know an
 * address (an unsubscribe, a scraped contact) name its lead without asking.
 */
export function clientIdOfAddress(workspaceId: string, email: string): string {
  return uuidFromParts(workspaceId.toLowerCase(), normaliseEmail(email));
}
