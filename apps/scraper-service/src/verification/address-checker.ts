import type { Client } from '@connectrpc/connect';
import type { ClientService } from '@coldreach/contracts';
import type { EmailVerifier, VerificationResult } from '@coldreach/email-verification';
import type { Logger } from '@coldreach/observability';
import { cappedBackoffMs } from '@coldreach/process';
import type { AddressToCheck } from './verification-job';
import { verificationToProto } from './verification-mapping';
import type { VerificationStore } from './verification-store';

export interface RetrySettings {
  /** Checks of one address in all; a temporary "unknown" before the last is asked again later. */
  maxAttempts: number;
  /** The first wait before asking again; it doubles each time. */
  baseDelayMs: number;
}

export const defaultVerificationRetry: RetrySettings = { maxAttempts: 3, baseDelayMs: 60_000 };

const recordBatch = 1000;
const itemKey = (item: { jobId: string; clientId: string }) => `${item.jobId} ${item.clientId}`;

/**
 * Checks addresses as commands carry them and writes the results down: on the clients (through
 * ClientService.RecordVerifications), then on their jobs. An item already done (a redelivered
 * command) or of a job no longer running is skipped, so only an item in flight at a crash is ever
 * checked twice. A temporary "unknown" (greylisting, a timeout) is asked again later with a doubling
 * backoff, `maxAttempts` times in all; a new lead's auto-check is not (its "unknown" stands).
 */
export function createAddressChecker(options: {
  verifier: EmailVerifier;
  clients: Client<typeof ClientService>;
  store: VerificationStore;
  logger: Logger;
  retry: RetrySettings;
  /** Addresses checked at once (different domains; one domain waits its turn in the verifier). */
  concurrency: number;
}) {
  const { verifier, clients, store } = options;

  async function verifyAll(items: readonly AddressToCheck[]): Promise<VerificationResult[]> {
    const results: VerificationResult[] = new Array(items.length);
    let next = 0;
    const lane = async () => {
      for (let index = next++; index < items.length; index = next++) {
        results[index] = await verifier.verify(items[index]!.email);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, items.length) }, lane));
    return results;
  }

  async function record(checked: readonly { item: AddressToCheck; result: VerificationResult }[]) {
    const byWorkspace = new Map<string, typeof checked>();
    for (const entry of checked) {
      byWorkspace.set(entry.item.workspaceId, [...(byWorkspace.get(entry.item.workspaceId) ?? []), entry]);
    }
    for (const [workspaceId, entries] of byWorkspace) {
      for (let start = 0; start < entries.length; start += recordBatch) {
        await clients.recordVerifications({
          workspaceId,
          records: entries.slice(start, start + recordBatch).map(({ item, result }) => ({
            clientId: item.clientId,
            email: item.email,
            verification: verificationToProto(result),
          })),
        });
      }
    }
  }

  /** Checks one chunk and writes its results down before the next starts. */
  async function checkChunk(todo: readonly AddressToCheck[], open: Map<string, number>): Promise<void> {
    const results = await verifyAll(todo);
    const final: { item: AddressToCheck; result: VerificationResult }[] = [];
    const later: { jobId: string; clientId: string; notBefore: Date }[] = [];
    todo.forEach((item, index) => {
      const result = results[index]!;
      const attempts = open.get(itemKey(item)) ?? 0;
      if (result.retryable && item.jobId !== '' && attempts + 1 < options.retry.maxAttempts) {
        const waitMs = cappedBackoffMs(attempts, { baseMs: options.retry.baseDelayMs, maxMs: 86_400_000 });
        later.push({ jobId: item.jobId, clientId: item.clientId, notBefore: new Date(Date.now() + waitMs) });
      } else {
        final.push({ item, result });
      }
    });
    await record(final);
    await store.completeItems(
      final
        .filter(({ item }) => item.jobId !== '')
        .map(({ item, result }) => ({ jobId: item.jobId, clientId: item.clientId, verdict: result.verdict })),
    );
    await store.retryLater(later);
    if (later.length > 0) options.logger.info({ count: later.length }, 'addresses to check again later');
  }

  return {
    /**
     * Checks the commands' addresses `concurrency` at a time, each chunk written down before the next
     * is asked, so a crash re-asks at most one chunk (what was in flight). `between` runs between
     * chunks (a long batch keeps its consumer alive with it).
     */
    async check(commands: readonly AddressToCheck[], between?: () => Promise<void>): Promise<void> {
      // One check per item, even when a batch carries it twice (a command and its redelivery).
      const unique = [...new Map(commands.map((item) => [itemKey(item), item])).values()];
      for (let start = 0; start < unique.length; start += options.concurrency) {
        if (start > 0) await between?.();
        const chunk = unique.slice(start, start + options.concurrency);
        // Read per chunk: a job cancelled meanwhile stops at the next one.
        const open = await store.openItems(chunk.filter((item) => item.jobId !== ''));
        const todo = chunk.filter((item) => item.jobId === '' || open.has(itemKey(item)));
        if (todo.length > 0) await checkChunk(todo, open);
      }
    },
  };
}

export type AddressChecker = ReturnType<typeof createAddressChecker>;
