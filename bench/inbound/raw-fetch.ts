// (c) the limit, in a process of its own: every message of the INBOX fetched with imapflow the way
// the Email service's reader fetches them (STARTTLS, read-only INBOX, the UIDs listed, then pages
// of `--page` UIDs with their source), and nothing else. With `classify`, (b): each message is
// also classified in this process, no database, and its kind checked against the answer key.
// Prints `RAW {json}`. Settings come from the environment (the password is never an argument).
import { rootCertificates } from 'node:tls';
import { ImapFlow } from 'imapflow';
import { classifyMessage } from '@coldreach/inbound-mail';
import { classifierKindOf } from './corpus-plan';

export interface RawFetchResult {
  mode: 'fetch' | 'classify';
  messages: number;
  bytes: number;
  elapsedMs: number;
  cpuMs: number;
  /** The mailbox's highest UID: the reader is done when its state row reaches it. */
  lastUid: number;
  /** classify only: the classifier's kinds, and how many differ from the answer key. */
  kinds?: Record<string, number>;
  mismatches?: number;
}

/** The corpus index in a Message-ID (every corpus message has `…-<index>@…`). */
export function corpusIndexOf(messageId: string): number | undefined {
  const match = /-(\d+)@/.exec(messageId);
  return match ? Number(match[1]) : undefined;
}

async function main(): Promise<void> {
  const mode = process.argv[2] === 'classify' ? 'classify' : 'fetch';
  const pageSize = Number(process.argv[3] ?? '50');
  const env = (name: string) => process.env[name] ?? '';
  const client = new ImapFlow({
    host: env('BENCH_IMAP_HOST'),
    port: Number(env('BENCH_IMAP_PORT')),
    secure: false,
    doSTARTTLS: true,
    auth: { user: env('BENCH_IMAP_USER'), pass: env('BENCH_IMAP_PASSWORD') },
    tls: { ca: [...rootCertificates, env('BENCH_IMAP_CA')] },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  const kinds: Record<string, number> = {};
  let mismatches = 0;
  let messages = 0;
  let bytes = 0;
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  const uids = (await client.fetchAll('1:*', { uid: true }, { uid: true })).map((message) => message.uid);
  uids.sort((a, b) => a - b);
  for (let start = 0; start < uids.length; start += pageSize) {
    const page = uids.slice(start, start + pageSize).join(',');
    for (const message of await client.fetchAll(page, { uid: true, source: true }, { uid: true })) {
      if (!message.source) continue;
      messages++;
      bytes += message.source.length;
      if (mode === 'classify') {
        const classified = await classifyMessage(message.source);
        kinds[classified.kind] = (kinds[classified.kind] ?? 0) + 1;
        const index = corpusIndexOf(classified.messageId);
        if (index === undefined || classifierKindOf(index) !== classified.kind) mismatches++;
      }
    }
  }
  const elapsedMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);
  await client.logout();
  const result: RawFetchResult = {
    mode,
    messages,
    bytes,
    elapsedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    lastUid: uids.at(-1) ?? 0,
    ...(mode === 'classify' && { kinds, mismatches }),
  };
  console.log(`RAW ${JSON.stringify(result)}`);
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
