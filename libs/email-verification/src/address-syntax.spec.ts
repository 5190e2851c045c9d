import { addressFlags, isDisposableDomain } from './address-flags';
import { parseAddress } from './address-syntax';

describe('parseAddress', () => {
  it.each([
    ['  Jane.Doe@Example.COM ', 'jane.doe@example.com', 'jane.doe', 'example.com', false],
    [
      'jos\u00e9@b\u00fccher.example',
      'jos\u00e9@b\u00fccher.example',
      'jos\u00e9',
      'xn--bcher-kva.example',
      false,
    ],
    ['"john doe"@example.com', '"john doe"@example.com', '"john doe"', 'example.com', true],
    ['"a@b"@example.com', '"a@b"@example.com', '"a@b"', 'example.com', true],
  ])('accepts %j', (raw, email, local, domain, quoted) => {
    expect(parseAddress(raw)).toEqual({ ok: true, email, local, domain, quoted });
  });

  it.each([
    ['', 'is required'],
    ['  not an address ', 'must be a valid email address'],
    ['jane..doe@example.com', 'must be a valid email address'],
    ['jane@example', 'must be a valid email address'],
    ['"unterminated@example.com', 'must be a valid email address'],
    ['"bad"quote"@example.com', 'must be a valid email address'],
    ['"quoted"@example', 'must be a valid email address'],
    [`"${'a'.repeat(70)}"@example.com`, 'must have at most 64 characters before the @'],
    [`${'a'.repeat(65)}@example.com`, 'must have at most 64 characters before the @'],
    [`jane@${'a'.repeat(250)}.com`, 'must be at most 254 characters'],
    ['x'.repeat(10_000), 'must be at most 254 characters'],
    // 60 Unicode letters fit a label; their punycode form does not.
    [`jane@${'\u00e9'.repeat(60)}.example`, 'must have domain labels of at most 63 characters'],
  ])('refuses %j: %s', (raw, problem) => {
    expect(parseAddress(raw)).toEqual({ ok: false, email: raw.trim(), problem });
  });
});

describe('addressFlags', () => {
  it.each([
    ['jane', 'example.com', false, []],
    ['info', 'example.com', false, ['role_account']],
    ['sales+leads', 'example.com', false, ['role_account']],
    ['no-reply', 'example.com', false, ['role_account']],
    ['jane', 'gmail.com', false, ['free_provider']],
    ['support', 'outlook.com', false, ['role_account', 'free_provider']],
    ['jane', 'mailinator.com', false, ['disposable_domain']],
    ['"info"', 'mailinator.com', true, ['disposable_domain']],
  ])('%s@%s (quoted %s) → %j', (local, domain, quoted, flags) => {
    expect(addressFlags(local, domain, quoted)).toEqual(flags);
  });

  it('knows subdomains of disposable domains, never a bare top-level domain', () => {
    expect(isDisposableDomain('inbox.mailinator.com')).toBe(true);
    expect(isDisposableDomain('com')).toBe(false);
    expect(isDisposableDomain('example.com')).toBe(false);
  });
});
