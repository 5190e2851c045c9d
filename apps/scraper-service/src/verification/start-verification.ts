import type { Client } from '@connectrpc/connect';
import type { DataSource } from 'typeorm';
import type { ClientService } from '@coldreach/contracts';
import { createEmailVerifier } from '@coldreach/email-verification';
import type { EventBus, Subscription } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { createDnsResolver, createOutboundGuard, type HostResolver } from '@coldreach/outbound-guard';
import { createAddressChecker } from './address-checker';
import { startAutoVerifyConsumer, startVerifyCommandsConsumer } from './verification-consumers';
import type { VerificationSettings } from './verification-config';
import { createVerificationHandlers } from './verification-handlers';
import { startVerificationRunner } from './verification-runner';
import { createVerificationStore } from './verification-store';
import { createVerificationUseCases } from './verification-use-cases';

/** Named in refusals, so an operator knows what to set. */
export const verificationAllowListName = 'VERIFY_ALLOWED_PRIVATE_CIDRS';

export interface RunningVerification {
  /** VerificationService's handlers, for the process's gRPC server (API role). */
  handlers: ReturnType<typeof createVerificationHandlers>;
  /** Stops the consumers and the runner (a batch in flight finishes first), then the verifier. */
  stop(): Promise<void>;
}

/**
 * Email verification in this process: the verifier (checks through its own outbound guard and DNS
 * servers), the API's use cases, and, in the worker role, the consumers of verify.commands and of
 * new leads, and the runner that lists bulk jobs' clients and re-asks temporary failures.
 */
export async function startVerification(options: {
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  clients: Client<typeof ClientService>;
  settings: VerificationSettings;
  workers: boolean;
  /** Tests: a resolver of their own for the mail hosts' addresses. */
  resolver?: HostResolver;
  pollIntervalMs?: number;
}): Promise<RunningVerification> {
  const { settings, dataSource, bus, clients } = options;
  const logger = options.logger.child({ component: 'verification' });
  const guard = createOutboundGuard({
    allowedCidrs: settings.allowedPrivateCidrs,
    allowListName: verificationAllowListName,
    publicAddresses: settings.publicAddresses,
    resolver:
      options.resolver ??
      (settings.dnsServers.length > 0 ? createDnsResolver([...settings.dnsServers]) : undefined),
  });
  const verifier = createEmailVerifier({
    dnsServers: settings.dnsServers,
    guard,
    smtpProbe: settings.smtpProbe,
    smtpPort: settings.smtpPort,
    heloName: settings.heloName,
    mailFrom: settings.mailFrom || `postmaster@${settings.heloName}`,
    smtpDomainIntervalMs: settings.smtpDomainIntervalMs,
  });
  const store = createVerificationStore(dataSource);
  const subscriptions: Subscription[] = [];
  let runner: ReturnType<typeof startVerificationRunner> | undefined;
  const stop = async () => {
    await Promise.all(subscriptions.map((subscription) => subscription.close()));
    await runner?.stop();
    await verifier.close();
  };
  try {
    if (options.workers) {
      const checker = createAddressChecker({
        verifier,
        clients,
        store,
        logger,
        retry: settings.retry,
        concurrency: settings.concurrency,
      });
      subscriptions.push(await startVerifyCommandsConsumer({ bus, dataSource, logger, checker }));
      subscriptions.push(await startAutoVerifyConsumer({ bus, dataSource, logger, store }));
      runner = startVerificationRunner({ store, clients, logger, pollIntervalMs: options.pollIntervalMs });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const useCases = createVerificationUseCases({
    store,
    verifier,
    clients,
    wakeRunner: () => runner?.wake(),
  });
  return { handlers: createVerificationHandlers(useCases), stop };
}
