import fc from 'fast-check';
import { emailProblem, normaliseEmail } from './email-address';

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Jane.Doe@Example.COM \n')).toBe('jane.doe@example.com');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (raw) => normaliseEmail(normaliseEmail(raw)) === normaliseEmail(raw)));
  });

  it('composes Unicode so visually equal addresses are equal', () => {
    expect(normaliseEmail('jose\u0301@example.com')).toBe(normaliseEmail('jos\u00e9@example.com'));
  });
});

describe('emailProblem', () => {
  it.each([
    'jane@example.com',
    'jane.doe+leads@mail.example.co.uk',
    "o'brien@example.ie",
    'x@xn--bcher-kva.example',
    'jos\u00e9@exampl\u00e9.fr',
  ])('accepts %s', (email) => {
    expect(emailProblem(email)).toBeUndefined();
  });

  it.each([
    ['', 'is required'],
    ['jane', 'must be a valid email address'],
    ['jane@', 'must be a valid email address'],
    ['@example.com', 'must be a valid email address'],
    ['jane@example', 'must be a valid email address'],
    ['jane@localhost', 'must be a valid email address'],
    ['jane..doe@example.com', 'must be a valid email address'],
    ['.jane@example.com', 'must be a valid email address'],
    ['jane@-example.com', 'must be a valid email address'],
    ['jane doe@example.com', 'must be a valid email address'],
    ['jane@example.com@other.com', 'must be a valid email address'],
    ['jane@[127.0.0.1]', 'must be a valid email address'],
    [`${'a'.repeat(65)}@example.com`, 'must have at most 64 characters before the @'],
    [`jane@${'a'.repeat(250)}.com`, 'must be at most 254 characters'],
  ])('refuses %j: %s', (email, problem) => {
    expect(emailProblem(email)).toBe(problem);
  });
});
