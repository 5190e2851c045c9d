// Test support: N email-service worker processes kept at N, as a supervisor would.
import { randomBytes } from 'node:crypto';
import { spawnServiceProcess, waitForOutput, type ServiceProcess } from '@coldreach/testing';
import { testKafkaBrokers } from '@coldreach/testing';

export interface WorkerEnvInput {
  /** The email shards, in shard order. */
  databaseUrls: readonly string[];
  namespace: string;
  credentialsKey: Uint8Array;
  concurrency: number;
  redisUrl: string;
  /** Short leases so a killed worker's claims come back within seconds. */
  claimLeaseMs?: number;
  smtpTimeoutMs?: number;
}

/** The environment of a worker-only email-service process (connected mode, its real main.ts). */
export function emailWorkerEnv(input: WorkerEnvInput): Record<string, string> {
  return {
    EMAIL_DATABASE_URLS: input.databaseUrls.join(','),
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_NAMESPACE: input.namespace,
    REDIS_URL: input.redisUrl,
    EMAIL_CREDENTIALS_KEY: Buffer.from(input.credentialsKey).toString('base64'),
    UNSUBSCRIBE_SECRETS: randomBytes(32).toString('hex'),
    PUBLIC_BASE_URL: 'http://127.0.0.1:8080',
    CLIENT_SERVICE_URL: 'http://127.0.0.1:9',
    EMAIL_SERVICE_ROLES: 'worker',
    // The mailboxes send to SMTP sinks on loopback.
    SMTP_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8,::1/128',
    EMAIL_WORKER_CONCURRENCY: String(input.concurrency),
    // The kills leave their SMTP connection leases held until they lapse (30 s); with the default
    // budget of 5 per mailbox shared by every process, the run stalls on them. The budget has its own
    // specs (connection-budget*.int-spec.ts); here the workers' concurrency paces the sending.
    SMTP_MAX_CONNECTIONS_PER_MAILBOX: '100',
    EMAIL_CLAIM_LEASE_MS: String(input.claimLeaseMs ?? 3000),
    EMAIL_SMTP_TIMEOUT_MS: String(input.smtpTimeoutMs ?? 3000),
    // A killed worker's partitions move to the others after this (the broker's minimum).
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    MIGRATE_ON_START: 'false',
    LOG_LEVEL: 'warn',
  };
}

export interface WorkerPool {
  workers: ServiceProcess[];
  kills: number;
  /**
   * Kills a random worker that has finished starting with `signal`, waits for it to die, and starts
   * a replacement without waiting for it to be ready (so the kills keep landing while mail flows).
   */
  killRandom(signal: NodeJS.Signals): Promise<void>;
  stopAll(): Promise<void>;
}

const mainScript = 'apps/email-service/src/main.ts';
const readyLine = /"msg":"email service (started|listening|running)/;

export async function startEmailWorkers(count: number, env: Record<string, string>): Promise<WorkerPool> {
  let started = 0;
  const ready = new Set<ServiceProcess>();
  const start = () => {
    started += 1;
    const worker = spawnServiceProcess(`email-worker-${started}`, mainScript, {
      ...env,
      EMAIL_WORKER_ID: `worker-${started}`,
      LOG_LEVEL: 'info',
    });
    const isReady = waitForOutput(worker, readyLine).then(() => void ready.add(worker));
    return { worker, isReady };
  };
  const first = Array.from({ length: count }, start);
  await Promise.all(first.map((entry) => entry.isReady));
  const pool: WorkerPool = {
    workers: first.map((entry) => entry.worker),
    kills: 0,
    async killRandom(signal) {
      let candidates = pool.workers.filter((worker) => ready.has(worker));
      while (candidates.length === 0) {
        await new Promise((settle) => setTimeout(settle, 50));
        candidates = pool.workers.filter((worker) => ready.has(worker));
      }
      const victim = candidates[Math.floor(Math.random() * candidates.length)]!;
      victim.signal(signal);
      const exit = await victim.exited;
      if (exit.signal !== signal) throw new Error(`${victim.name} ended with ${JSON.stringify(exit)}`);
      pool.kills += 1;
      ready.delete(victim);
      const replacement = start();
      replacement.isReady.catch(() => undefined);
      pool.workers[pool.workers.indexOf(victim)] = replacement.worker;
    },
    async stopAll() {
      for (const worker of pool.workers) worker.signal('SIGTERM');
      await Promise.all(pool.workers.map((worker) => worker.exited));
    },
  };
  return pool;
}
