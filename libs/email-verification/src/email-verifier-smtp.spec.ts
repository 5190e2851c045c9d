import { createTeardown, freePort, startTcpCanary } from '@coldreach/testing';
import type { EmailVerifierOptions } from './email-verifier';
import {
  scripted,
  startRecordingSmtpServer,
  startScriptedSmtpServer,
  type RecordingSmtpServer,
} from './test/test-smtp-servers';
import { mxOf, startVerificationFixture, type VerificationFixture } from './test/verification-fixture';

// The SMTP probe against real SMTP servers on 127.0.0.1, found through the test DNS server.
describe('createEmailVerifier with the SMTP probe', () => {
  const teardown = createTeardown();
  let fixture: VerificationFixture;
  let smtp: RecordingSmtpServer;
  const loopbackMx = { mx: mxOf('mx.loopback.test') };

  beforeAll(async () => {
    fixture = await startVerificationFixture({
      'mx.loopback.test': { a: ['127.0.0.1'] },
      'catchall.test': loopbackMx,
      'strict.test': loopbackMx,
      'paced.test': loopbackMx,
      'gmail.com': { mx: mxOf('gmail-smtp-in.l.google.com') },
      'gmail-smtp-in.l.google.com': { a: ['127.0.0.1'] },
      'customer.test': { mx: mxOf('aspmx.l.google.com') },
      'aspmx.l.google.com': { a: ['127.0.0.1'] },
      // One address the guard allows and one it forbids: a guard that let it through would connect
      // to the allowed one first, where the canary listens.
      'mixed.test': { mx: mxOf('mx.mixed.test') },
      'mx.mixed.test': { a: ['127.0.0.1', '127.0.0.3'] },
    });
    teardown.add(() => fixture.close());
    smtp = await startRecordingSmtpServer((address) => {
      const [local, domain] = address.split('@') as [string, string];
      if (local === 'nobody') return { code: 550, message: '5.1.1 no such user' };
      if (local === 'greylisted') return { code: 451, message: '4.7.1 greylisted, try again later' };
      if (domain === 'strict.test' && local.startsWith('cr-probe-'))
        return { code: 550, message: '5.1.1 no such user' };
      return undefined;
    });
    teardown.add(() => smtp.close());
  });
  afterAll(() => teardown.close());

  function probing(options: Partial<EmailVerifierOptions> = {}) {
    return fixture.verifier({ smtpProbe: true, smtpPort: smtp.port, smtpDomainIntervalMs: 0, ...options });
  }
  const recipientsAt = (domain: string) =>
    smtp.recipients.filter((seen) => seen.address.endsWith(`@${domain}`)).map((seen) => seen.address);

  it('finds a catch-all domain with a random address after the real one, over STARTTLS, once per domain', async () => {
    const verifier = probing();
    const first = await verifier.verify('jane@catchall.test');
    expect(first).toMatchObject({
      verdict: 'risky',
      reasons: ['mx_found', 'smtp_accepted', 'catch_all'],
      fromCache: false,
    });
    expect(recipientsAt('catchall.test')).toEqual([
      'jane@catchall.test',
      expect.stringMatching(/^cr-probe-[0-9a-f]{16}@catchall\.test$/),
    ]);
    expect(smtp.recipients.every((seen) => seen.secure)).toBe(true);

    const second = await verifier.verify('bob@catchall.test');
    expect(second).toMatchObject({
      verdict: 'risky',
      reasons: ['mx_found', 'domain_facts_cached', 'smtp_accepted', 'catch_all'],
      fromCache: true,
    });
    expect(recipientsAt('catchall.test').slice(2)).toEqual(['bob@catchall.test']);
  });

  it.each([
    ['jane@strict.test', 'safe', ['mx_found', 'smtp_accepted'], false],
    ['nobody@strict.test', 'invalid', ['mx_found', 'smtp_rejected: 550 5.1.1 no such user'], false],
    [
      'greylisted@strict.test',
      'unknown',
      ['mx_found', 'smtp_temporary: 451 4.7.1 greylisted, try again later'],
      true,
    ],
  ])('judges %s by the answer to RCPT TO: %s', async (email, verdict, reasons, retryable) => {
    expect(await probing().verify(email)).toMatchObject({
      verdict,
      reasons,
      retryable,
      mxHost: 'mx.loopback.test',
    });
  });

  it.each([
    [
      'jane@gmail.com',
      'gmail.com',
      ['mx_found', 'free_provider', 'smtp_accepted', 'catch_all_not_probed: large provider'],
    ],
    [
      'jane@customer.test',
      'customer.test',
      ['mx_found', 'smtp_accepted', 'catch_all_not_probed: large provider'],
    ],
  ])('never sends the random address to a large provider: %s', async (email, domain, reasons) => {
    expect(await probing().verify(email)).toMatchObject({ verdict: 'safe', reasons });
    expect(recipientsAt(domain)).toEqual([email]);
  });

  it('never connects to an MX host that resolves to a forbidden address', async () => {
    const canary = await startTcpCanary();
    teardown.add(() => canary.close());
    const result = await probing({ smtpPort: canary.port }).verify('jane@mixed.test');
    expect(result).toMatchObject({
      verdict: 'invalid',
      reasons: [expect.stringMatching(/^mx_refused_address: /)],
    });
    expect(canary.connections()).toBe(0);
  });

  async function scriptedVerifier(
    overrides: Record<string, string> = {},
    options: Partial<EmailVerifierOptions> = {},
  ) {
    const server = await startScriptedSmtpServer(scripted(overrides));
    teardown.add(() => server.close());
    return { server, verifier: probing({ smtpPort: server.port, ...options }) };
  }

  it('says EHLO, MAIL FROM, RCPT TO twice and QUIT, and never DATA', async () => {
    const { server, verifier } = await scriptedVerifier();
    expect((await verifier.verify('jane@strict.test')).reasons).toEqual([
      'mx_found',
      'smtp_accepted',
      'catch_all',
    ]);
    expect(server.sessions.map((session) => session.commands.map((command) => command.line))).toEqual([
      [
        'EHLO verifier.coldreach.test',
        'MAIL FROM:<bounces@coldreach.test>',
        'RCPT TO:<jane@strict.test>',
        expect.stringMatching(/^RCPT TO:<cr-probe-[0-9a-f]+@strict\.test>$/),
        'QUIT',
      ],
    ]);
    expect(smtp.dataCommands()).toBe(0);
  });

  it('falls back to HELO when EHLO is refused', async () => {
    const { server, verifier } = await scriptedVerifier({ EHLO: '502 5.5.2 command not recognised' });
    expect((await verifier.verify('jane@strict.test')).reasons).toContain('smtp_accepted');
    const commands = server.sessions[0]!.commands.map((command) => command.line);
    expect(commands.slice(0, 2)).toEqual(['EHLO verifier.coldreach.test', 'HELO verifier.coldreach.test']);
  });

  it('says unknown, not invalid, when the server refuses the prober rather than the address', async () => {
    const { verifier } = await scriptedVerifier({ MAIL: '550 5.7.1 sender blocked' });
    expect(await verifier.verify('jane@strict.test')).toMatchObject({
      verdict: 'unknown',
      reasons: ['mx_found', 'smtp_session_refused: 550 5.7.1 sender blocked'],
      retryable: false,
    });
  });

  it('says unknown and retryable when the server drops the connection after RCPT TO', async () => {
    const { verifier } = await scriptedVerifier({ RCPT: 'drop' });
    const result = await verifier.verify('jane@strict.test');
    expect(result).toMatchObject({
      verdict: 'unknown',
      reasons: ['mx_found', 'smtp_connection_dropped'],
      retryable: true,
    });
  });

  it('says unknown and retryable when the server never answers', async () => {
    const silent = await startTcpCanary({ keepOpen: true });
    teardown.add(() => silent.close());
    const result = await probing({ smtpPort: silent.port, smtpTimeoutMs: 300 }).verify('jane@strict.test');
    expect(result).toMatchObject({
      verdict: 'unknown',
      reasons: ['mx_found', 'smtp_timeout'],
      retryable: true,
    });
    expect(silent.connections()).toBe(1);
  });

  it('says unknown and retryable when the connection is refused', async () => {
    const result = await probing({ smtpPort: await freePort() }).verify('jane@strict.test');
    expect(result).toMatchObject({
      verdict: 'unknown',
      reasons: ['mx_found', 'smtp_connection_refused'],
      retryable: true,
    });
  });

  it('holds one session at a time per domain, the interval apart', async () => {
    const intervalMs = 300;
    const { server, verifier } = await scriptedVerifier({}, { smtpDomainIntervalMs: intervalMs });
    const emails = ['a@paced.test', 'b@paced.test', 'c@paced.test'];
    const results = await Promise.all(emails.map((email) => verifier.verify(email)));
    expect(results.map((result) => result.verdict)).toEqual(['risky', 'risky', 'risky']);
    const sessions = [...server.sessions].sort((a, b) => a.openedAt - b.openedAt);
    expect(sessions).toHaveLength(3);
    for (let index = 1; index < sessions.length; index++) {
      const quitAt = sessions[index - 1]!.commands.find((command) => command.line === 'QUIT')!.at;
      expect(sessions[index]!.openedAt - quitAt).toBeGreaterThanOrEqual(intervalMs);
    }
  });
});
