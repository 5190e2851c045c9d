import { acceptableEmail, isRoleAddress } from './accept-email';

describe('acceptableEmail', () => {
  it.each([
    ['Jane.Doe@Acme-Widgets.CO.UK', 'jane.doe@acme-widgets.co.uk'],
    ['  jane@acme.com ', 'jane@acme.com'],
    ["o'brien@acme.ie", "o'brien@acme.ie"],
    ['jos\u0065\u0301@b\u00fccher.de', 'jos\u00e9@b\u00fccher.de'],
    ['x@xn--bcher-kva.de', 'x@xn--bcher-kva.de'],
    ['jane+leads@acme.works', 'jane+leads@acme.works'],
    ['jane@acme.github.io', 'jane@acme.github.io'],
    ['deadbeefcafebabe@acme.com', 'deadbeefcafebabe@acme.com'],
  ])('keeps %j as %j', (candidate, email) => {
    expect(acceptableEmail(candidate)).toBe(email);
  });

  it.each([
    ['logo@2x.png', 'a retina asset name'],
    ['hero@1.5x.webp', 'a retina asset name'],
    ['icon@3x.jpg', 'an image file'],
    ['bundle@1.0.0.min.js', 'a versioned file'],
    ['app@2.0.0.map', 'an asset extension that is also a TLD'],
    ['docs@release.zip', 'an asset extension that is also a TLD'],
    ['lodash@4.17.21', 'a version string'],
    ['pkg@1.2.3', 'a version string'],
    ['jane@example.com', 'an example domain'],
    ['jane@example.co.uk', 'an example domain'],
    ['jane@mail.example.org', 'an example domain'],
    ['jane@acme.test', 'a test TLD'],
    ['jane@acme.invalid', 'an invalid TLD'],
    ['jane@localhost', 'localhost'],
    ['jane@acme.local', 'a TLD that is not on the public suffix list'],
    ['jane@acme.notatld', 'a TLD that is not on the public suffix list'],
    ['0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io', 'a Sentry DSN key'],
    ['605a7baede844d278b89dc95ae0a9123@sentry-next.wixpress.com', 'a Wix error-reporting key'],
    ['5f4dcc3b5aa765d61d8327deb882cf99@acme.com', 'a hash as local part'],
    ['u1234567890abcdef12@acme.com', 'a long hex id in the local part'],
    ['your.name@acme.com', 'a placeholder local part'],
    ['email@domain.com', 'a placeholder domain'],
    ['jane..doe@acme.com', 'an invalid local part'],
    ['.jane@acme.com', 'an invalid local part'],
    ['jane@-acme.com', 'an invalid domain'],
    ['jane@acme..com', 'an invalid domain'],
    ['jane@[127.0.0.1]', 'an address literal'],
    ['jane@192.168.1.1', 'an IP address'],
    [`${'a'.repeat(65)}@acme.com`, 'a local part over 64 characters'],
    ['a@b.c', 'a one-letter TLD'],
  ])('refuses %j (%s)', (candidate) => {
    expect(acceptableEmail(candidate)).toBeUndefined();
  });
});

describe('isRoleAddress', () => {
  it.each([
    ['info@acme.com', true],
    ['sales@acme.com', true],
    ['no-reply@acme.com', true],
    ['jane.doe@acme.com', false],
    ['salesforce-admin@acme.com', false],
  ])('%s: %s', (email, role) => {
    expect(isRoleAddress(email)).toBe(role);
  });
});
