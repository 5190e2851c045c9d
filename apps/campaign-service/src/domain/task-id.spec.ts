import fc from 'fast-check';
import { deriveTaskId } from './task-id';

const uuid = fc.uuid();

describe('deriveTaskId', () => {
  it('keeps the ids already stored', () => {
    expect(
      deriveTaskId(
        '0b7d0a8e-4a55-4c61-9d0e-0c1f1f6b1a01',
        '6f9619ff-8b86-4011-b42d-00c04fc964ff',
        '8E6F4B8A-1C2D-8E3F-9A4B-5C6D7E8F9A0B',
        '5f0e3d6c-2b1a-4e9f-8c7d-6b5a4f3e2d10',
      ),
    ).toBe('6775e6f3-8c9c-8555-9fd1-abbe51a3beb9');
  });

  it('is a version-8 UUID, the same for the same four ids whatever their case', () => {
    fc.assert(
      fc.property(uuid, uuid, uuid, uuid, (workspace, campaign, client, step) => {
        const id = deriveTaskId(workspace, campaign, client, step);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(deriveTaskId(workspace.toUpperCase(), campaign, client.toUpperCase(), step)).toBe(id);
      }),
    );
  });

  it('differs when any of the four ids differs, or when they swap places', () => {
    fc.assert(
      fc.property(fc.uniqueArray(uuid, { minLength: 5, maxLength: 5 }), ([a, b, c, d, e]) => {
        const ids = new Set([
          deriveTaskId(a!, b!, c!, d!),
          deriveTaskId(e!, b!, c!, d!),
          deriveTaskId(a!, e!, c!, d!),
          deriveTaskId(a!, b!, e!, d!),
          deriveTaskId(a!, b!, c!, e!),
          deriveTaskId(a!, b!, d!, c!),
        ]);
        expect(ids.size).toBe(6);
      }),
    );
  });
});
