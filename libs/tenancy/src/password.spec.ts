import {
  generatePassword,
  hashPassword,
  passwordProblem,
  verifyPassword,
  type ScryptParameters,
} from './password';

// Cheap parameters keep the spec fast; the defaults are checked once.
const cheap: ScryptParameters = { n: 1024, r: 8, p: 1 };

describe('password hashes', () => {
  it('verify the password they were made from and nothing else', async () => {
    const stored = await hashPassword('correct horse battery', cheap);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    for (const wrong of ['correct horse batter', 'Correct horse battery', '', 'correct horse battery '])
      expect(await verifyPassword(wrong, stored)).toBe(false);
  });

  it('carry their parameters and a random salt, never the password', async () => {
    const [one, two] = await Promise.all([
      hashPassword('same password', cheap),
      hashPassword('same password', cheap),
    ]);
    expect(one).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain('same password');
  });

  it('use the default parameters unless told, and verify with what the hash says', async () => {
    const stored = await hashPassword('default cost password');
    expect(stored.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('default cost password', stored)).toBe(true);
    // Raised parameters later: the old hash still verifies (its own parameters are used).
    const older = await hashPassword('older password', { n: 2048, r: 8, p: 1 });
    expect(await verifyPassword('older password', older)).toBe(true);
  });

  it('refuse hashes they cannot read', async () => {
    const stored = await hashPassword('a password', cheap);
    for (const bad of [
      '',
      'plain',
      stored.replace('scrypt', 'bcrypt'),
      stored.replace('$1024$', '$x$'),
      stored.slice(0, -2),
    ])
      expect(await verifyPassword('a password', bad)).toBe(false);
  });

  it('normalise Unicode, so the same text typed differently still matches', async () => {
    const stored = await hashPassword('caf\u00e9 au lait!', cheap);
    expect(await verifyPassword('cafe\u0301 au lait!', stored)).toBe(true);
  });
});

describe('new passwords', () => {
  it('are 10 to 200 characters', () => {
    expect(passwordProblem('123456789')).toBe('must be at least 10 characters');
    expect(passwordProblem('1234567890')).toBeNull();
    expect(passwordProblem('x'.repeat(200))).toBeNull();
    expect(passwordProblem('x'.repeat(201))).toBe('must be at most 200 characters');
  });

  it('are generated with 120 random bits, acceptable as they are', () => {
    const passwords = new Set(Array.from({ length: 100 }, generatePassword));
    expect(passwords.size).toBe(100);
    for (const password of passwords) {
      expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(passwordProblem(password)).toBeNull();
    }
  });
});
