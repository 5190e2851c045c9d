import { EventEmitter, on } from 'node:events';
import { create } from '@bufbuild/protobuf';
import { Code, ConnectError, type ConnectRouter } from '@connectrpc/connect';
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthCheckResponseSchema,
  HealthListResponseSchema,
} from '@coldreach/contracts';
import { workerHeartbeats, type WorkerHeartbeats } from '@coldreach/observability';

export { ServingStatus };

/** The serving status of each named service ('' is the whole server), as grpc.health.v1 reports it. */
export interface HealthRegistry {
  set(service: string, status: ServingStatus): void;
  get(service: string): ServingStatus | undefined;
  /** Marks every service NOT_SERVING (on shutdown, so probes drain traffic first). */
  shutdown(): void;
}

/**
 * A service named here reports NOT_SERVING while one of its worker loops is late (see
 * workerHeartbeats, keyed by the same gRPC service names), and '' while any of them is.
 */
export function createHealthRegistry(heartbeats: WorkerHeartbeats = workerHeartbeats): HealthRegistry & {
  events: EventEmitter;
  all(): Map<string, ServingStatus>;
} {
  const statuses = new Map<string, ServingStatus>([['', ServingStatus.SERVING]]);
  const reported = new Map<string, ServingStatus>();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const hasLateWorkers = (service: string) =>
    service === ''
      ? [...statuses.keys()].some((name) => name !== '' && heartbeats.late(name).length > 0)
      : heartbeats.late(service).length > 0;
  const effective = (service: string): ServingStatus | undefined => {
    const status = statuses.get(service);
    return status === ServingStatus.SERVING && hasLateWorkers(service) ? ServingStatus.NOT_SERVING : status;
  };
  const report = (service: string) => {
    const status = effective(service);
    if (status === undefined || reported.get(service) === status) return;
    reported.set(service, status);
    events.emit('change', service, status);
  };
  // Watchers learn within a second that a worker fell silent or ticks again; unref'd, so it never
  // keeps a process alive.
  const lateness = setInterval(() => {
    for (const service of statuses.keys()) report(service);
  }, 1000);
  lateness.unref();
  return {
    events,
    all: () => new Map([...statuses.keys()].map((service) => [service, effective(service)!])),
    set(service, status) {
      statuses.set(service, status);
      report(service);
      if (service !== '') report('');
    },
    get: effective,
    shutdown() {
      clearInterval(lateness);
      for (const service of statuses.keys()) this.set(service, ServingStatus.NOT_SERVING);
    },
  };
}

/** Registers grpc.health.v1.Health (Check, List, Watch) on a Connect router. */
export function registerHealthService(
  router: ConnectRouter,
  registry: ReturnType<typeof createHealthRegistry>,
): void {
  router.service(Health, {
    check(request) {
      const status = registry.get(request.service);
      if (status === undefined) throw new ConnectError(`unknown service ${request.service}`, Code.NotFound);
      return create(HealthCheckResponseSchema, { status });
    },
    list() {
      const statuses = Object.fromEntries(
        [...registry.all()].map(([service, status]) => [
          service,
          create(HealthCheckResponseSchema, { status }),
        ]),
      );
      return create(HealthListResponseSchema, { statuses });
    },
    async *watch(request, context) {
      yield create(HealthCheckResponseSchema, {
        status: registry.get(request.service) ?? ServingStatus.SERVICE_UNKNOWN,
      });
      try {
        for await (const [service, status] of on(registry.events, 'change', { signal: context.signal })) {
          if (service === request.service) yield create(HealthCheckResponseSchema, { status });
        }
      } catch (error) {
        if (!context.signal.aborted) throw error;
      }
    },
  });
}
