import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { isUuid } from './is-uuid';
import { uuidFromParts } from './uuid-from-parts';

const workspace = '0b7d0a8e-4a55-4c61-9d0e-0c1f1f6b1a01';

describe('uuidFromParts', () => {
  // Ids already stored (clients, campaign tasks) were derived this way: these must never change.
  it.each([
    [[workspace, 'jane@example.com'], '386eb418-ba18-86b2-a419-5a500c37942d'],
    [[workspace, 'jos\u00e9@exampl\u00e9.fr'], '169fefc9-e7bf-8275-9405-b8e119de5abc'],
    [['5f0e3d6c-2b1a-4e9f-8c7d-6b5a4f3e2d10', ''], '43e56372-3cfc-884a-b817-a89eabc5fa9b'],
    [
      [
        'task',
        workspace,
        '6f9619ff-8b86-4011-b42d-00c04fc964ff',
        '8e6f4b8a-1c2d-8e3f-9a4b-5c6d7e8f9a0b',
        '5f0e3d6c-2b1a-4e9f-8c7d-6b5a4f3e2d10',
      ],
      '6775e6f3-8c9c-8555-9fd1-abbe51a3beb9',
    ],
  ])('derives %j as %s', (parts, id) => {
    expect(uuidFromParts(...parts)).toBe(id);
  });

  it('is an RFC 9562 version-8 UUID made of the SHA-256 of the parts', () => {
    const id = uuidFromParts(workspace, 'jane@example.com');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const digest = createHash('sha256').update(`${workspace}\njane@example.com`).digest('hex');
    const hex = id.replace(/-/g, '');
    // Only the version nibble and the variant bits differ from the digest.
    expect(hex.slice(0, 12)).toBe(digest.slice(0, 12));
    expect(hex.slice(13, 16)).toBe(digest.slice(13, 16));
    expect(hex.slice(18, 32)).toBe(digest.slice(18, 32));
  });

  it('always yields a UUID', () => {
    fc.assert(fc.property(fc.array(fc.string()), (parts) => isUuid(uuidFromParts(...parts))));
  });
});
