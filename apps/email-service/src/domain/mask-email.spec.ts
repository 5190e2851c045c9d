import { maskEmail } from './mask-email';

describe('maskEmail', () => {
  it('masks all of the local part but its first character', () => {
    expect(maskEmail('jane@example.com')).toBe('j***@example.com');
    expect(maskEmail('j@example.com')).toBe('j***@example.com');
    expect(maskEmail('élodie@example.fr')).toBe('é***@example.fr');
  });
});
