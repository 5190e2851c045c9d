// Test support: a private Kafka broker (its own ports and data directory) that a test may stop and
// restart without disturbing the shared broker other test files use. Driven by scripts/kafka.mjs.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@coldreach/testing';

const run = promisify(execFile);
const repositoryRoot = resolve(__dirname, '../../..');

export interface PrivateKafka {
  brokers: string[];
  /** Starts the broker (again, on the same data: topics and committed offsets survive). */
  start(): Promise<void>;
  /** Controlled shutdown, as an operator or an orchestrator would do it. */
  stop(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

export async function createPrivateKafka(): Promise<PrivateKafka> {
  const stateDir = mkdtempSync(join(tmpdir(), 'cr-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    KAFKA_STATE_DIR: stateDir,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
  };
  const kafka = (command: 'start' | 'stop') =>
    run(process.execPath, ['scripts/kafka.mjs', command], {
      cwd: repositoryRoot,
      env,
      timeout: 120_000,
    }).then(() => undefined);
  return {
    brokers: [`127.0.0.1:${port}`],
    start: () => kafka('start'),
    stop: () => kafka('stop'),
    async dispose() {
      await kafka('stop');
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
