import { EventEmitter, on } from 'node:events';
import { create } from '@bufbuild/protobuf';
import { Code, ConnectError, type ConnectRouter } from '@connectrpc/connect';
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthCheckResponseSchema,
  HealthListResponseSchema,
} from '@coldreach/contracts';

export { ServingStatus };

/** The serving status of each named service ('' is the whole server), as grpc.health.v1 reports it. */
export interface HealthRegistry {
  set(service: string, status: ServingStatus): void;
  get(service: string): ServingStatus | undefined;
  /** Marks every service NOT_SERVING (on shutdown, so probes drain traffic first). */
  shutdown(): void;
}

export function createHealthRegistry(): HealthRegistry & {
  events: EventEmitter;
  all(): Map<string, ServingStatus>;
} {
  const statuses = new Map<string, ServingStatus>([['', ServingStatus.SERVING]]);
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    events,
    all: () => new Map(statuses),
    set(service, status) {
      statuses.set(service, status);
      events.emit('change', service, status);
    },
    get: (service) => statuses.get(service),
    shutdown() {
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
