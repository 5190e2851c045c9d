import type { DataSource } from 'typeorm';
import { classifyMessage } from '@coldreach/inbound-mail';
import { InboundMailService } from '@coldreach/contracts';
import { workerHeartbeats, type Logger } from '@coldreach/observability';
import type { SmtpUrlCipher } from '../persistence/smtp-url-cipher';
import { applyInboundMessage } from './apply-inbound-message';
import { InboxUnreachable, openInbox, type ImapSettings, type InboxSession } from './imap-session';
import {
  advanceInbox,
  InboxLeaseLost,
  readableMailboxes,
  recordInboxRead,
  releaseInboxLease,
  renewInboxLease,
  takeInboxLease,
  type ReadableMailbox,
} from './inbox-reader-store';

export interface InboxReadersOptions {
  dataSource: DataSource;
  cipher: SmtpUrlCipher;
  imap: ImapSettings;
  logger: Logger;
  workerId: string;
  /** Between two reads of every mailbox. Default 60 s. */
  pollIntervalMs?: number;
  /** A mailbox's lease; renewed while it is read, taken over when its reader is silent this long. Default 60 s. */
  leaseMs?: number;
  /** Messages fetched per IMAP round trip. Default 50. */
  pageSize?: number;
  /** Soft bounces of one address that suppress it. Default 3. */
  softBounceThreshold?: number;
  /** Awaited after each message's transaction committed (tests stop or pause a reader between two). */
  onMessageApplied?: (mailboxId: string, uid: number) => void | Promise<void>;
}

export interface InboxReaders {
  /** Reads every mailbox now instead of at the next poll. */
  wake(): void;
  /** Finishes the message in hand, then logs out and hands the lease back. */
  stop(): Promise<void>;
}

// One mailbox's read may page through a large inbox over a slow server: the loop ticks per mailbox,
// and only ten minutes in one of them counts as stuck.
const mailboxReadDeadlineMs = 10 * 60_000;

/**
 * Reads the INBOX of every mailbox with an IMAP URL, one reader per mailbox across processes (a
 * lease row each). Every message is applied in one transaction with the reader's new position, so
 * a crash neither misses nor re-applies one.
 */
export function startInboxReaders(options: InboxReadersOptions): InboxReaders {
  const { dataSource, logger, workerId } = options;
  const log = logger.child({ component: 'inbox-readers', workerId });
  const pollIntervalMs = options.pollIntervalMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const pageSize = options.pageSize ?? 50;
  const softBounceThreshold = options.softBounceThreshold ?? 3;
  let running = true;
  let wakeUp: (() => void) | undefined;

  async function readMailbox(mailbox: ReadableMailbox): Promise<void> {
    const state = await takeInboxLease(dataSource, mailbox.id, workerId, leaseMs);
    if (!state) return;
    let lost = false;
    const renewal = setInterval(
      () => {
        renewInboxLease(dataSource, mailbox.id, workerId, leaseMs).then(
          (held) => (lost ||= !held),
          () => undefined,
        );
      },
      Math.max(100, Math.floor(leaseMs / 3)),
    );
    let session: InboxSession | undefined;
    try {
      session = await openInbox(options.cipher.open(mailbox.imapUrlSealed), options.imap);
      const uidValidity = session.uidValidity;
      let lastUid = state.uidValidity === uidValidity ? state.lastUid : 0;
      // A new UIDVALIDITY: its UIDs start over; messages seen before are known by Message-ID.
      if (state.uidValidity !== uidValidity)
        await dataSource.transaction((tx) =>
          advanceInbox(tx, mailbox.id, workerId, { uidValidity, lastUid }),
        );
      const uids = await session.uidsAfter(lastUid);
      for (let start = 0; start < uids.length && running && !lost; start += pageSize) {
        for (const { uid, raw } of await session.fetch(uids.slice(start, start + pageSize))) {
          if (!running || lost) break;
          const now = new Date();
          const classified = await classifyMessage(raw, { now });
          await dataSource.transaction(async (tx) => {
            await applyInboundMessage(tx, classified, {
              mailbox,
              position: { uidValidity, uid },
              now,
              softBounceThreshold,
            });
            await advanceInbox(tx, mailbox.id, workerId, { uidValidity, lastUid: uid });
          });
          lastUid = uid;
          await options.onMessageApplied?.(mailbox.id, uid);
        }
      }
      if (running && !lost) await recordInboxRead(dataSource, mailbox.id, '');
    } catch (error) {
      if (error instanceof InboxLeaseLost) return;
      const detail = error instanceof InboxUnreachable ? error.message : 'reading the inbox failed';
      // Only our own words: an IMAP or parser error may quote what the server or message said.
      log.warn(
        {
          mailboxId: mailbox.id,
          detail,
          error: error instanceof InboxUnreachable ? undefined : errorName(error),
        },
        'inbox read failed',
      );
      await recordInboxRead(dataSource, mailbox.id, detail).catch(() => undefined);
    } finally {
      clearInterval(renewal);
      await session?.close();
      await releaseInboxLease(dataSource, mailbox.id, workerId).catch(() => undefined);
    }
  }

  async function loop(): Promise<void> {
    const heartbeat = workerHeartbeats.start(InboundMailService.typeName, 'inbox-readers', {
      deadlineMs: mailboxReadDeadlineMs + pollIntervalMs,
    });
    while (running) {
      heartbeat.tick();
      try {
        for (const mailbox of await readableMailboxes(dataSource)) {
          if (!running) break;
          heartbeat.tick();
          await readMailbox(mailbox);
        }
      } catch (error) {
        log.error({ error: errorName(error) }, 'listing the mailboxes to read failed');
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
    heartbeat.stop();
  }

  const done = loop();
  return {
    wake: () => wakeUp?.(),
    async stop() {
      running = false;
      wakeUp?.();
      await done;
    },
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : 'unknown error';
}
