import { mxOf, startVerificationFixture, type VerificationFixture } from './test/verification-fixture';

// Every check up to the SMTP probe, against a real DNS server on loopback (the probe stays off).
describe('createEmailVerifier without the SMTP probe', () => {
  let fixture: VerificationFixture;

  beforeAll(async () => {
    fixture = await startVerificationFixture({
      'example.test': { mx: mxOf('mx.example.test') },
      'mx.example.test': { a: ['127.0.0.1'] },
      'again.test': { mx: mxOf('mx.example.test') },
      'nomx.test': { a: ['127.0.0.1'] },
      'empty.test': {},
      'nullmx.test': { mx: [{ preference: 0, exchange: '.' }] },
      'servfail.test': { mxReply: { rcode: 'SERVFAIL' } },
      'silent.test': { mxReply: { delayMs: Infinity } },
      'private.test': { mx: mxOf('mx.private.test') },
      'mx.private.test': { a: ['127.0.0.3'] },
      'ghost.test': { mx: mxOf('mx.ghost.test') },
      'backup.test': { mx: mxOf('gone.backup.test', 'mx.backup.test') },
      'mx.backup.test': { a: ['127.0.0.1'] },
      'xn--bcher-kva.test': { mx: mxOf('mx.example.test') },
      'mailinator.com': { mx: mxOf('mx.example.test') },
      'gmail.com': { mx: mxOf('mx.example.test') },
    });
  });
  afterAll(() => fixture.close());

  it('says safe for a domain that takes mail, and names what it did not check', async () => {
    const result = await fixture.verifier().verify('  Jane.Doe@Example.TEST ');
    expect(result).toEqual({
      email: 'jane.doe@example.test',
      verdict: 'safe',
      reasons: ['mx_found', 'smtp_probe_off'],
      mxHost: 'mx.example.test',
      checkedAt: expect.any(Date),
      fromCache: false,
      retryable: false,
    });
  });

  it('asks DNS once per domain: the next address there uses the cached facts', async () => {
    const verifier = fixture.verifier();
    await verifier.verify('first@again.test');
    const second = await verifier.verify('second@again.test');
    expect(second).toMatchObject({ verdict: 'safe', fromCache: true, mxHost: 'mx.example.test' });
    expect(second.reasons).toEqual(['mx_found', 'domain_facts_cached', 'smtp_probe_off']);
    expect(fixture.mxQueries('again.test')).toBe(1);
  });

  it('looks the domain up again once the cache TTL has passed', async () => {
    let clock = 0;
    const verifier = fixture.verifier({ domainCacheTtlMs: 60_000, now: () => clock });
    const before = fixture.mxQueries('example.test');
    await verifier.verify('a@example.test');
    clock = 59_999;
    expect((await verifier.verify('b@example.test')).fromCache).toBe(true);
    clock = 60_000;
    expect((await verifier.verify('c@example.test')).fromCache).toBe(false);
    expect(fixture.mxQueries('example.test') - before).toBe(2);
  });

  it('falls back to the A record of a domain without MX (RFC 5321 §5.1)', async () => {
    const result = await fixture.verifier().verify('jane@nomx.test');
    expect(result).toMatchObject({
      verdict: 'safe',
      reasons: ['no_mx_used_a_record', 'smtp_probe_off'],
      mxHost: 'nomx.test',
    });
  });

  it.each([
    ['jane@missing.test', ['domain_not_found'], ''],
    ['jane@empty.test', ['domain_not_found'], ''],
    ['jane@nullmx.test', ['null_mx'], ''],
    ['jane@ghost.test', ['mx_host_not_found'], 'mx.ghost.test'],
  ])('says invalid for %s', async (email, reasons, mxHost) => {
    const result = await fixture.verifier().verify(email);
    expect(result).toMatchObject({ verdict: 'invalid', reasons, mxHost, retryable: false });
  });

  it('refuses an MX host at an address the guard forbids, without showing the address', async () => {
    const result = await fixture.verifier().verify('jane@private.test');
    expect(result).toMatchObject({ verdict: 'invalid', mxHost: 'mx.private.test' });
    expect(result.reasons).toEqual([
      expect.stringMatching(/^mx_refused_address: mx\.private\.test .*VERIFY_ALLOWED_PRIVATE_CIDRS/),
    ]);
    expect(result.reasons[0]).not.toContain('127.0.0.3');
  });

  it('uses the next MX host when the best one does not resolve', async () => {
    const result = await fixture.verifier().verify('jane@backup.test');
    expect(result).toMatchObject({
      verdict: 'safe',
      reasons: ['mx_found', 'smtp_probe_off'],
      mxHost: 'mx.backup.test',
    });
  });

  it('says unknown and retryable when DNS fails, and does not cache the failure', async () => {
    const verifier = fixture.verifier();
    const result = await verifier.verify('jane@servfail.test');
    expect(result).toMatchObject({
      verdict: 'unknown',
      reasons: ['dns_failure: ESERVFAIL'],
      retryable: true,
    });
    expect((await verifier.verify('jane@servfail.test')).fromCache).toBe(false);
  });

  it('says unknown and retryable when DNS does not answer in time', async () => {
    const result = await fixture.verifier({ dnsTimeoutMs: 300 }).verify('jane@silent.test');
    expect(result).toMatchObject({ verdict: 'unknown', reasons: ['dns_failure: ETIMEOUT'], retryable: true });
  });

  it('never asks DNS about an address with bad syntax', async () => {
    const before = fixture.dns.queries().length;
    const result = await fixture.verifier().verify(' jane@@example.test ');
    expect(result).toMatchObject({
      email: 'jane@@example.test',
      verdict: 'invalid',
      reasons: ['syntax: must be a valid email address'],
      mxHost: '',
    });
    expect(fixture.dns.queries()).toHaveLength(before);
  });

  it.each([
    ['"jane doe"@example.test', 'risky', ['quoted_local_part', 'mx_found', 'smtp_probe_off']],
    ['info@example.test', 'risky', ['mx_found', 'role_account', 'smtp_probe_off']],
    ['jane@mailinator.com', 'risky', ['mx_found', 'disposable_domain', 'smtp_probe_off']],
    ['jane@gmail.com', 'safe', ['mx_found', 'free_provider', 'smtp_probe_off']],
    ['jos\u00e9@b\u00fccher.test', 'safe', ['mx_found', 'smtp_probe_off']],
  ])('flags %s as %s', async (email, verdict, reasons) => {
    expect(await fixture.verifier().verify(email)).toMatchObject({ verdict, reasons });
  });

  it('stops when its signal aborts, and refuses work once closed', async () => {
    const verifier = fixture.verifier({ dnsTimeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = verifier.verify('jane@silent.test', { signal: controller.signal });
    controller.abort(new Error('cancelled by the job'));
    await expect(pending).rejects.toThrow('cancelled by the job');
    await verifier.close();
    await expect(verifier.verify('jane@example.test')).rejects.toThrow('closed');
  });
});
