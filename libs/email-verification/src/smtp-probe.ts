import type { CheckedHost } from '@coldreach/outbound-guard';
import { rcptReason, replyDetail, sessionRefusal } from './smtp-replies';
import { openSmtpSession, SmtpSessionFailure, type SmtpReply, type SmtpSession } from './smtp-session';

export interface SmtpProbeOptions {
  /** The guard's pinned address of the MX host, and its name for TLS. */
  target: CheckedHost;
  port: number;
  heloName: string;
  mailFrom: string;
  recipient: string;
  /** A random address at the same domain, asked only after `recipient` was accepted. */
  catchAllRecipient?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface SmtpProbeOutcome {
  /** 'smtp_accepted' (then maybe 'catch_all' or 'catch_all_unknown: …') or why not. */
  reasons: string[];
  /** Whether the random address was accepted too; undefined when it was not asked or not answered. */
  catchAll?: boolean;
}

/**
 * One SMTP conversation with the MX host: greeting, EHLO (HELO when refused), STARTTLS when
 * offered, MAIL FROM, RCPT TO the address and maybe a random one, QUIT. Never DATA: nothing is sent.
 */
export async function probeMailbox(options: SmtpProbeOptions): Promise<SmtpProbeOutcome> {
  let session: SmtpSession;
  try {
    session = await openSmtpSession({ ...options, address: options.target.address });
  } catch (error) {
    if (error instanceof SmtpSessionFailure) return { reasons: [error.reason] };
    throw error;
  }
  let accepted = false;
  try {
    const refusal = await greet(session, options);
    if (refusal) return { reasons: [refusal] };
    const reason = rcptReason(await session.command(`RCPT TO:<${options.recipient}>`));
    if (reason !== 'smtp_accepted' || !options.catchAllRecipient) return { reasons: [reason] };
    accepted = true;
    const random = await session.command(`RCPT TO:<${options.catchAllRecipient}>`);
    if (random.code >= 200 && random.code < 300)
      return { reasons: ['smtp_accepted', 'catch_all'], catchAll: true };
    if (random.code >= 500 && random.code < 600) return { reasons: ['smtp_accepted'], catchAll: false };
    return { reasons: ['smtp_accepted', `catch_all_unknown: ${replyDetail(random)}`] };
  } catch (error) {
    if (!(error instanceof SmtpSessionFailure)) throw error;
    return { reasons: accepted ? ['smtp_accepted', `catch_all_unknown: ${error.reason}`] : [error.reason] };
  } finally {
    await session.quit();
  }
}

/** Greeting to MAIL FROM; the reason the server refused the session, or undefined once it may take RCPT TO. */
async function greet(session: SmtpSession, options: SmtpProbeOptions): Promise<string | undefined> {
  const greeting = await session.read();
  if (greeting.code !== 220) return sessionRefusal(greeting);
  let hello = await sayHello(session, options.heloName);
  if (hello.code !== 250) return sessionRefusal(hello);
  if (keywords(hello).has('STARTTLS')) {
    const ready = await session.command('STARTTLS');
    // Any other answer leaves the session as it was (RFC 3207 §4): go on in plain text.
    if (ready.code === 220) {
      await session.startTls(options.target.servername);
      hello = await session.command(`EHLO ${options.heloName}`);
      if (hello.code !== 250) return sessionRefusal(hello);
    }
  }
  // eslint-disable-next-line no-control-regex
  const international = /[^\x00-\x7f]/.test(options.recipient);
  if (international && !keywords(hello).has('SMTPUTF8')) return 'smtp_utf8_unsupported';
  const mail = await session.command(`MAIL FROM:<${options.mailFrom}>${international ? ' SMTPUTF8' : ''}`);
  return mail.code === 250 ? undefined : sessionRefusal(mail);
}

async function sayHello(session: SmtpSession, heloName: string): Promise<SmtpReply> {
  const ehlo = await session.command(`EHLO ${heloName}`);
  // Old servers refuse EHLO (RFC 5321 §3.2): they speak HELO, without extensions.
  return ehlo.code >= 500 ? session.command(`HELO ${heloName}`) : ehlo;
}

function keywords(hello: SmtpReply): Set<string> {
  return new Set(hello.lines.slice(1).map((line) => line.trim().split(/\s+/, 1)[0]!.toUpperCase()));
}
