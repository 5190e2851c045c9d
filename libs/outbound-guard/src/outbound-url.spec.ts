import { checkOutboundUrl } from './outbound-url';

describe('checkOutboundUrl', () => {
  it.each([
    ['http://example.com/', 80],
    ['https://example.com/path?q=1#top', 443],
    ['http://example.com:8080/', 8080],
    ['https://example.com:8443/', 8443],
    ['http://example.com:80/', 80],
    ['HTTPS://EXAMPLE.COM:443/', 443],
    ['http://127.0.0.1/', 80],
  ])('passes %s (port %d): the host is the guard’s to judge', (url, port) => {
    expect(checkOutboundUrl(url)).toMatchObject({ ok: true, port });
  });

  it.each([
    ['ftp://example.com/file', 'ftp: URLs are not allowed; only http and https'],
    ['file:///etc/passwd', 'file: URLs are not allowed; only http and https'],
    ['javascript:alert(1)', 'javascript: URLs are not allowed; only http and https'],
    ['gopher://example.com:70/', 'gopher: URLs are not allowed; only http and https'],
    ['data:text/html,hi', 'data: URLs are not allowed; only http and https'],
    ['ws://example.com/', 'ws: URLs are not allowed; only http and https'],
    ['http://user:secret@example.com/', 'URLs with credentials (user:password@) are not allowed'],
    ['http://user@example.com/', 'URLs with credentials (user:password@) are not allowed'],
    ['https://:secret@example.com/', 'URLs with credentials (user:password@) are not allowed'],
    ['http://example.com:22/', 'port 22 is not allowed (allowed: 80, 443, 8080, 8443)'],
    ['http://example.com:6379/', 'port 6379 is not allowed (allowed: 80, 443, 8080, 8443)'],
    ['https://example.com:8000/', 'port 8000 is not allowed (allowed: 80, 443, 8080, 8443)'],
    ['http://example.com:0/', 'port 0 is not allowed (allowed: 80, 443, 8080, 8443)'],
    ['not a url', 'not a valid URL'],
    ['http://', 'not a valid URL'],
    ['', 'not a valid URL'],
  ])('refuses %j: %s', (url, problem) => {
    expect(checkOutboundUrl(url)).toEqual({ ok: false, problem });
  });

  it('never repeats the URL (or a password in it) in its problem', () => {
    const check = checkOutboundUrl('http://admin:hunter2@example.com:22/');
    expect(check.ok).toBe(false);
    expect(JSON.stringify(check)).not.toContain('hunter2');
  });

  it('takes the caller’s ports instead of the defaults, a scheme’s default port included', () => {
    const allowedPorts = [443, 9000];
    expect(checkOutboundUrl('http://example.com:9000/', { allowedPorts })).toMatchObject({ ok: true });
    expect(checkOutboundUrl('https://example.com/', { allowedPorts })).toMatchObject({ ok: true });
    expect(checkOutboundUrl('http://example.com/', { allowedPorts })).toEqual({
      ok: false,
      problem: 'port 80 is not allowed (allowed: 443, 9000)',
    });
  });

  it('accepts a URL object and leaves it unchanged', () => {
    const url = new URL('http://example.com/a');
    const check = checkOutboundUrl(url);
    expect(check).toMatchObject({ ok: true });
    expect(check.ok && check.url).not.toBe(url);
    expect(check.ok && check.url.href).toBe('http://example.com/a');
  });
});
