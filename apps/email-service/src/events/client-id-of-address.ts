import { uuidFromParts } from '@coldreach/ids';
import { normaliseEmail } from '@coldreach/email-address';

/**
 * The id of the client with `email` in `workspaceId`, whether or not that client exists yet: the
 * Client service derives every client id this way (its deriveClientId; a spec holds the two equal),
 * and an address is a client's identity, never changed.
 */
export function clientIdOfAddress(workspaceId: string, email: string): string {
  return uuidFromParts(workspaceId.toLowerCase(), normaliseEmail(email));
}
