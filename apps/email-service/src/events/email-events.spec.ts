import { randomUUID } from 'node:crypto';
import { deriveClientId } from '@coldreach/client-service';
import { clientIdOfAddress } from '@coldreach/email-address';

describe('clientIdOfAddress', () => {
  it('is the id the Client service gives the address', () => {
    const workspaceId = randomUUID();
    for (const email of ['jane@example.com', 'o.brien+news@sub.example.co.uk', 'x@xn--bcher-kva.example']) {
      expect(clientIdOfAddress(workspaceId, email)).toBe(deriveClientId(workspaceId, email));
    }
  });

  it('normalises the address and the workspace as the Client service does', () => {
    const workspaceId = randomUUID();
    expect(clientIdOfAddress(workspaceId.toUpperCase(), '  Jane@Example.COM ')).toBe(
      deriveClientId(workspaceId, 'jane@example.com'),
    );
  });
});
