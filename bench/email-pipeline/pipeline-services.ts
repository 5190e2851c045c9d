// The real services in connected mode, each its own process, configured by the environment only.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { checkGrpcHealth } from '@coldreach/grpc';
import { testKafkaBrokers, testRedisUrl, waitFor } from '@coldreach/testing';
import { startBenchProcess, type BenchProcess } from './bench-process';

/** A free loopback port (the OS picks; released before the service binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startGrpcApp(
  name: string,
  script: string,
  url: string,
  env: Record<string, string>,
): Promise<BenchProcess> {
  const app = startBenchProcess(name, script, { env: { LOG_LEVEL: 'info', ...env } });
  await waitFor(
    async () => {
      if (!app.running()) throw new Error(`${name} exited:\n${app.tail()}`);
      return checkGrpcHealth(url);
    },
    { timeoutMs: 120_000, intervalMs: 250, what: name },
  );
  return app;
}

const kafka = () => ({ KAFKA_BROKERS: testKafkaBrokers().join(',') });

/** The client service on its shards; resolves once it answers health checks. */
export async function startClientServiceProcess(shardUrls: string[], namespace: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await startGrpcApp('client-service', 'apps/client-service/src/main.ts', url, {
    ...kafka(),
    KAFKA_NAMESPACE: namespace,
    CLIENT_SERVICE_PORT: String(port),
    CLIENT_SHARD_URLS: shardUrls.join(','),
  });
  return { process: app, url };
}

export interface OutreachServices {
  campaignUrl: string;
  emailUrl: string;
  processes: BenchProcess[];
  stop(): Promise<void>;
}

/**
 * The email service (one process with roles api+worker, then `workers - 1` worker-only processes)
 * and the campaign service, on their own databases and a Kafka namespace of their own.
 */
export async function startOutreachServices(options: {
  clientUrl: string;
  campaignDatabaseUrl: string;
  emailDatabaseUrl: string;
  namespace: string;
  workers: number;
  /** EMAIL_WORKER_CONCURRENCY; unset: the service's default. */
  concurrency?: string;
}): Promise<OutreachServices> {
  const processes: BenchProcess[] = [];
  const stop = async () => {
    // Campaign service first, so it hands nothing more over; then the email processes.
    for (const app of [...processes].reverse()) await app.stop();
  };
  try {
    const emailPort = await freePort();
    const emailUrl = `http://127.0.0.1:${emailPort}`;
    const emailEnv = {
      ...kafka(),
      KAFKA_NAMESPACE: options.namespace,
      EMAIL_SERVICE_PORT: String(emailPort),
      EMAIL_DATABASE_URL: options.emailDatabaseUrl,
      CLIENT_SERVICE_URL: options.clientUrl,
      REDIS_URL: testRedisUrl,
      EMAIL_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      UNSUBSCRIBE_SECRETS: randomBytes(32).toString('hex'),
      PUBLIC_BASE_URL: 'http://127.0.0.1:8080',
      // The sink is on loopback, which the outbound-address guard refuses unless listed.
      SMTP_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8',
      ...(options.concurrency && { EMAIL_WORKER_CONCURRENCY: options.concurrency }),
    };
    const script = 'apps/email-service/src/main.ts';
    processes.push(
      await startGrpcApp('email-service', script, emailUrl, {
        ...emailEnv,
        EMAIL_SERVICE_ROLES: 'api,worker',
        EMAIL_WORKER_ID: 'bench-worker-1',
      }),
    );
    for (let worker = 2; worker <= options.workers; worker++) {
      // Worker-only: no gRPC server, so readiness is its start-up log line.
      const workerProcess = startBenchProcess(`email-worker-${worker}`, script, {
        env: {
          ...emailEnv,
          LOG_LEVEL: 'info',
          EMAIL_SERVICE_ROLES: 'worker',
          EMAIL_WORKER_ID: `bench-worker-${worker}`,
        },
      });
      processes.push(workerProcess);
      await workerProcess.waitForLine(/email service running/);
    }

    const campaignPort = await freePort();
    const campaignUrl = `http://127.0.0.1:${campaignPort}`;
    processes.push(
      await startGrpcApp('campaign-service', 'apps/campaign-service/src/main.ts', campaignUrl, {
        ...kafka(),
        KAFKA_NAMESPACE: options.namespace,
        CAMPAIGN_SERVICE_PORT: String(campaignPort),
        CAMPAIGN_DATABASE_URL: options.campaignDatabaseUrl,
        CLIENT_SERVICE_URL: options.clientUrl,
        EMAIL_SERVICE_URL: emailUrl,
      }),
    );
    return { campaignUrl, emailUrl, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
