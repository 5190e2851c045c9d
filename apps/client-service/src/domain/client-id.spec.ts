import { normaliseEmail } from '@coldreach/email-address';
import fc from 'fast-check';
import { deriveClientId, isUuid } from './client-id';

const workspaceA = '0b7d0a8e-4a55-4c61-9d0e-0c1f1f6b1a01';
const workspaceB = '5f0e3d6c-2b1a-4e9f-8c7d-6b5a4f3e2d10';

describe('deriveClientId', () => {
  // How the id is built (a version-8 UUID of the SHA-256 of workspace and email) is uuidFromParts'
  // own spec, with this same id among its fixed ones.
  it('keeps the ids already stored', () => {
    expect(deriveClientId(workspaceA, 'jane@example.com')).toBe('386eb418-ba18-86b2-a419-5a500c37942d');
  });

  it('is the same for the same address written differently', () => {
    const id = deriveClientId(workspaceA, normaliseEmail('Jane@Example.com'));
    expect(deriveClientId(workspaceA, normaliseEmail('  JANE@example.COM '))).toBe(id);
  });

  it('differs between workspaces and between addresses', () => {
    const email = 'jane@example.com';
    expect(deriveClientId(workspaceA, email)).not.toBe(deriveClientId(workspaceB, email));
    expect(deriveClientId(workspaceA, email)).not.toBe(deriveClientId(workspaceA, 'john@example.com'));
  });

  it('does not depend on how the workspace id is cased', () => {
    expect(deriveClientId(workspaceA.toUpperCase(), 'a@b.co')).toBe(deriveClientId(workspaceA, 'a@b.co'));
  });

  it('always yields a UUID', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string(), (workspace, email) => isUuid(deriveClientId(workspace, email))),
    );
  });
});
