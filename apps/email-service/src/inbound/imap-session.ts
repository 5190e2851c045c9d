import { rootCertificates } from 'node:tls';
import { ImapFlow } from 'imapflow';
import { HostLookupFailed, OutboundAddressRefused, type OutboundGuard } from '@coldreach/outbound-guard';
import { imapLoginOf, parseImapUrl } from '../domain/imap-url';

/** How the inbound side connects to IMAP servers. */
export interface ImapSettings {
  guard: OutboundGuard;
  /** Tests only: a CA to trust besides the system's (the loopback dovecot's). Checks stay on. */
  extraCa?: string;
  /** Connect, greeting and socket timeouts. Default 30 s. */
  timeoutMs?: number;
}

/** An open INBOX: its UIDVALIDITY and the messages past a UID. */
export interface InboxSession {
  uidValidity: bigint;
  exists: number;
  /** The UIDs above `lastUid`, ascending. */
  uidsAfter(lastUid: number): Promise<number[]>;
  /** The raw messages of `uids`, in UID order. */
  fetch(uids: readonly number[]): Promise<{ uid: number; raw: Buffer }[]>;
  close(): Promise<void>;
}

/** A failure to reach or read an inbox, in words fit for a user: never the URL or its password. */
export class InboxUnreachable extends Error {
  override name = 'InboxUnreachable';
}

/** Connects (TLS always: implicit, or STARTTLS required), logs in and selects INBOX. */
export async function openInbox(url: string, settings: ImapSettings): Promise<InboxSession> {
  const parsed = parseImapUrl(url);
  if (!parsed.ok) throw new InboxUnreachable(`the IMAP URL ${parsed.problem}`);
  const { host, port, secure } = parsed.endpoint;
  const where = `${host}:${port}`;
  let target: { address: string; servername?: string };
  try {
    target = await settings.guard.resolve(host);
  } catch (error) {
    if (error instanceof HostLookupFailed || error instanceof OutboundAddressRefused)
      throw new InboxUnreachable(`${where}: ${error.message}`);
    throw error;
  }
  const timeout = settings.timeoutMs ?? 30_000;
  const client = new ImapFlow({
    host: target.address,
    port,
    secure,
    doSTARTTLS: secure ? undefined : true,
    ...(target.servername && { servername: target.servername }),
    auth: imapLoginOf(parsed.url),
    tls: {
      ...(target.servername && { servername: target.servername }),
      ...(settings.extraCa && { ca: [...rootCertificates, settings.extraCa] }),
    },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  // A socket error after connect would otherwise be an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const box = await client.mailboxOpen('INBOX', { readOnly: true });
    return sessionOf(client, box.uidValidity, box.exists);
  } catch (error) {
    client.close();
    throw new InboxUnreachable(`${where}: ${describeImapError(error)}`);
  }
}

function sessionOf(client: ImapFlow, uidValidity: bigint, exists: number): InboxSession {
  return {
    uidValidity,
    exists,
    async uidsAfter(lastUid) {
      if (exists === 0) return [];
      // `n:*` always includes the highest UID, even below n: filter.
      const found = await client.fetchAll(`${lastUid + 1}:*`, { uid: true }, { uid: true });
      return found
        .map((message) => message.uid)
        .filter((uid) => uid > lastUid)
        .sort((a, b) => a - b);
    },
    async fetch(uids) {
      if (uids.length === 0) return [];
      const found = await client.fetchAll(uids.join(','), { uid: true, source: true }, { uid: true });
      return found
        .filter((message) => message.source !== undefined)
        .map((message) => ({ uid: message.uid, raw: message.source! }))
        .sort((a, b) => a.uid - b.uid);
    },
    async close() {
      try {
        await client.logout();
      } catch {
        client.close();
      }
    },
  };
}

/** What went wrong, from the error's kind and code only: server texts may echo what was sent. */
export function describeImapError(error: unknown): string {
  const failure = error as { authenticationFailed?: boolean; code?: unknown; serverResponseCode?: unknown };
  if (failure?.authenticationFailed) return 'authentication failed';
  const code = typeof failure?.code === 'string' ? failure.code : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code && /TIMEOUT|ETIMEDOUT/i.test(code)) return 'timed out';
  if (code && /CERT|SELF_SIGNED|UNABLE_TO/i.test(code)) return `TLS certificate not trusted (${code})`;
  if (code === 'NoConnection' || code === 'ECONNRESET') return 'connection closed by the server';
  if (code) return `connection failed (${code.slice(0, 60)})`;
  return 'connection failed';
}
