import { loopbackCidrs, parseAllowedCidrs } from './allowed-cidrs';
import { HostLookupFailed, OutboundAddressRefused } from './outbound-errors';
import { createOutboundGuard, type HostResolver } from './outbound-guard';

const allowListName = 'SMTP_ALLOWED_PRIVATE_CIDRS';

function cidrs(value: string) {
  const parsed = parseAllowedCidrs(value);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.cidrs;
}

/** A resolver from a table: nothing leaves the process. */
function table(answers: Record<string, string[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (host: string) => {
    asked.push(host);
    const addresses = answers[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { asked });
}

async function refusal(promise: Promise<unknown>): Promise<OutboundAddressRefused> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OutboundAddressRefused) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('createOutboundGuard', () => {
  const dns = table({
    'mail.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'intranet.example.com': ['10.0.0.5'],
    'mixed.example.com': ['93.184.215.14', '10.0.0.5'],
    'mapped.example.com': ['::ffff:127.0.0.1'],
    'metadata.example.com': ['169.254.169.254'],
  });
  const strict = createOutboundGuard({ allowedCidrs: [], allowListName, resolver: dns });

  it('passes a public name and pins its first address, keeping the name for TLS', async () => {
    await expect(strict.resolve('mail.example.com')).resolves.toEqual({
      host: 'mail.example.com',
      address: '93.184.215.14',
      family: 4,
      servername: 'mail.example.com',
    });
  });

  it('passes a public address literal without asking DNS, with no server name', async () => {
    const before = dns.asked.length;
    await expect(strict.resolve('[2606:4700:4700::1111]')).resolves.toEqual({
      host: '2606:4700:4700::1111',
      address: '2606:4700:4700::1111',
      family: 6,
      servername: undefined,
    });
    expect(dns.asked.length).toBe(before);
  });

  it.each([
    ['10.0.0.5', '10.0.0.5 is a private address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS'],
    ['127.0.0.1', '127.0.0.1 is a loopback address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS'],
    [
      '0x7f.1',
      '0x7f.1 (127.0.0.1) is a loopback address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS',
    ],
    [
      '[::ffff:7f00:1]',
      '::ffff:7f00:1 is a loopback address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS',
    ],
    [
      '169.254.169.254',
      '169.254.169.254 is a link-local (cloud metadata) address and is never allowed unless SMTP_ALLOWED_PRIVATE_CIDRS lists it by itself (169.254.169.254/32)',
    ],
    ['0.0.0.0', '0.0.0.0 is an unspecified address and is never allowed'],
    ['224.0.0.1', '224.0.0.1 is a multicast address and is never allowed'],
    [
      'intranet.example.com',
      'intranet.example.com resolves to a private address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS',
    ],
    [
      'mixed.example.com',
      'mixed.example.com resolves to a private address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS',
    ],
    [
      'mapped.example.com',
      'mapped.example.com resolves to a loopback address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS',
    ],
    [
      'metadata.example.com',
      'metadata.example.com resolves to a link-local (cloud metadata) address and is never allowed unless SMTP_ALLOWED_PRIVATE_CIDRS lists it by itself (169.254.169.254/32)',
    ],
  ])('refuses %s: %s', async (host, message) => {
    const error = await refusal(strict.resolve(host));
    expect(error.message).toBe(message);
    expect(error.code).toBe('failed_precondition');
    expect(error.retriable).toBe(false);
  });

  it('never repeats what internal DNS answered for a name', async () => {
    const error = await refusal(strict.resolve('intranet.example.com'));
    expect(error.message).not.toContain('10.0.0.5');
    expect(error.address).toBe('10.0.0.5');
  });

  it('allows listed ranges, in every form and through names, and nothing beside them', async () => {
    const guard = createOutboundGuard({
      allowedCidrs: cidrs(`${loopbackCidrs},10.0.0.0/24`),
      allowListName,
      resolver: dns,
    });
    for (const host of ['127.0.0.1', '127.1', '2130706433', '::1', '::ffff:127.0.0.1', '10.0.0.9']) {
      await expect(guard.resolve(host)).resolves.toMatchObject({ host });
    }
    await expect(guard.resolve('intranet.example.com')).resolves.toMatchObject({ address: '10.0.0.5' });
    await expect(guard.resolve('mixed.example.com')).resolves.toMatchObject({ address: '93.184.215.14' });
    await refusal(guard.resolve('10.0.1.1'));
    await refusal(guard.resolve('192.168.0.1'));
    await refusal(guard.resolve('fe80::1%eth0'));
  });

  it('keeps metadata addresses refused by a wide allow-list, and allows one listed by itself', async () => {
    const wide = createOutboundGuard({
      allowedCidrs: cidrs('0.0.0.0/0,::/0,169.254.0.0/16'),
      allowListName,
      resolver: dns,
    });
    await expect(wide.resolve('169.254.1.1')).resolves.toMatchObject({ address: '169.254.1.1' });
    await refusal(wide.resolve('169.254.169.254'));
    await refusal(wide.resolve('fd00:ec2::254'));
    await refusal(wide.resolve('metadata.example.com'));
    await refusal(wide.resolve('0.0.0.0'));
    const listed = createOutboundGuard({ allowedCidrs: cidrs('169.254.169.254'), allowListName });
    await expect(listed.resolve('169.254.169.254')).resolves.toMatchObject({ address: '169.254.169.254' });
  });

  it('says when a name does not resolve, or DNS does not answer in time', async () => {
    const error = await strict.resolve('nowhere.example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostLookupFailed);
    expect(error).toMatchObject({ message: 'nowhere.example.com: host not found', notFound: true });

    const slow = createOutboundGuard({
      allowedCidrs: [],
      allowListName,
      resolver: () => new Promise(() => undefined),
      lookupTimeoutMs: 50,
    });
    await expect(slow.resolve('slow.example.com')).rejects.toMatchObject({
      message: 'slow.example.com: timed out looking up the host',
      retriable: true,
    });
  });

  it('with public addresses denied, reaches only the listed ranges', async () => {
    const closed = createOutboundGuard({
      allowedCidrs: cidrs('10.0.0.0/8'),
      allowListName,
      resolver: dns,
      publicAddresses: 'deny',
    });
    await expect(closed.resolve('intranet.example.com')).resolves.toMatchObject({ address: '10.0.0.5' });
    expect((await refusal(closed.resolve('mail.example.com'))).message).toBe(
      `mail.example.com resolves to a public address; this service may reach only the ranges listed in ${allowListName}`,
    );
    expect((await refusal(closed.resolve('8.8.8.8'))).message).toContain('8.8.8.8 is a public address');
    expect((await refusal(closed.resolve('mixed.example.com'))).message).toContain('public address');
    expect((await refusal(closed.resolve('metadata.example.com'))).message).toContain('cloud metadata');
  });

  it('checks an address literal without resolving', () => {
    expect(strict.checkAddress('8.8.8.8')).toMatchObject({ address: '8.8.8.8', servername: undefined });
    expect(() => strict.checkAddress('10.0.0.1')).toThrow(OutboundAddressRefused);
    expect(() => strict.checkAddress('mail.example.com')).toThrow('mail.example.com is not an IP address');
  });
});

describe('the system resolver', () => {
  it('resolves localhost (from /etc/hosts) and refuses it by default', async () => {
    const guard = createOutboundGuard({ allowedCidrs: [], allowListName });
    await expect(guard.resolve('localhost')).rejects.toThrow(
      'localhost resolves to a loopback address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS',
    );
  });
});
