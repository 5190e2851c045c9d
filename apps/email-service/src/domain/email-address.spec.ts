import { emailProblem, maskEmail, normaliseEmail } from './email-address';

describe('email addresses', () => {
  it('normalises by trimming and lower-casing', () => {
    expect(normaliseEmail('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it('refuses what is not an address and accepts what is', () => {
    expect(emailProblem('')).toBe('is required');
    expect(emailProblem('jane')).toBe('must be a valid email address');
    expect(emailProblem('jane@localhost')).toBe('must be a valid email address');
    expect(emailProblem('jane@example.com')).toBeUndefined();
  });

  it('masks all of the local part but its first character', () => {
    expect(maskEmail('jane@example.com')).toBe('j***@example.com');
    expect(maskEmail('j@example.com')).toBe('j***@example.com');
    expect(maskEmail('élodie@example.fr')).toBe('é***@example.fr');
  });
});
