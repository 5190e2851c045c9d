import { defineCollectedGauge } from '../metrics/collected-gauge';

/** One running worker loop's heartbeat. */
export interface WorkerHeartbeat {
  /** The loop is alive: call it on every round (before the round's work and any pause). */
  tick(): void;
  /** The loop ended on purpose (a stop): it is no longer expected to tick. */
  stop(): void;
}

/** A worker that has not ticked within its deadline. */
export interface LateWorker {
  /** The gRPC service (type name) the worker belongs to, e.g. `coldreach.email.v1.EmailService`. */
  service: string;
  worker: string;
  silentForMs: number;
  deadlineMs: number;
}

export interface WorkerHeartbeats {
  /**
   * Registers a worker loop of `service` that must tick at least every `deadlineMs` (the longest
   * round plus the longest pause between rounds, with room to spare). It counts as ticked now.
   */
  start(service: string, worker: string, options: { deadlineMs: number }): WorkerHeartbeat;
  /** The workers (of one service, or all) whose last tick is older than their deadline. */
  late(service?: string, now?: number): LateWorker[];
}

interface Entry {
  service: string;
  worker: string;
  deadlineMs: number;
  lastTickAt: number;
}

const heartbeatAge = defineCollectedGauge({
  name: 'coldreach_worker_heartbeat_age_seconds',
  help: 'Seconds since a worker loop last ticked (the oldest, when several run under one name)',
  labelNames: ['service', 'worker'],
});
const heartbeatDeadline = defineCollectedGauge({
  name: 'coldreach_worker_heartbeat_deadline_seconds',
  help: 'How long a worker loop may stay silent before its service reports NOT_SERVING',
  labelNames: ['service', 'worker'],
});

/** A registry of worker heartbeats (tests make their own; services use `workerHeartbeats`). */
export function createWorkerHeartbeats(): WorkerHeartbeats {
  const entries = new Set<Entry>();
  const oldestFirst = () => [...entries].sort((a, b) => b.lastTickAt - a.lastTickAt);
  heartbeatAge.addSource((set) => {
    const now = Date.now();
    for (const { service, worker, lastTickAt } of oldestFirst())
      set({ service, worker }, (now - lastTickAt) / 1000);
  });
  heartbeatDeadline.addSource((set) => {
    for (const { service, worker, deadlineMs } of entries) set({ service, worker }, deadlineMs / 1000);
  });
  return {
    start(service, worker, { deadlineMs }) {
      if (!(deadlineMs > 0)) throw new Error(`the heartbeat deadline of ${worker} must be positive`);
      const entry: Entry = { service, worker, deadlineMs, lastTickAt: Date.now() };
      entries.add(entry);
      return {
        tick: () => void (entry.lastTickAt = Date.now()),
        stop: () => void entries.delete(entry),
      };
    },
    late(service, now = Date.now()) {
      return [...entries]
        .filter((entry) => service === undefined || entry.service === service)
        .filter((entry) => now - entry.lastTickAt > entry.deadlineMs)
        .map(({ service: owner, worker, deadlineMs, lastTickAt }) => ({
          service: owner,
          worker,
          deadlineMs,
          silentForMs: now - lastTickAt,
        }));
    },
  };
}

/**
 * The process's heartbeats, like prom-client's default registry: worker loops deep inside a
 * service record here without every factory passing a registry down, and the gRPC health service
 * and the readiness endpoint read it.
 */
export const workerHeartbeats: WorkerHeartbeats = createWorkerHeartbeats();
