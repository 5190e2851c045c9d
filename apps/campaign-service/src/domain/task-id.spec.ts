import fc from 'fast-check';
import { deriveTaskId } from './task-id';

const uuid = fc.uuid();

describe('deriveTaskId', () => {
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
