import { z } from 'zod';
import { portSchema } from './read-config';

/**
 * METRICS_PORT of a gRPC service: where its `/metrics` and `/ready` are served on the service's
 * host. Unset: no metrics server (a developer running one service does not need one); 0: a free port.
 */
export const metricsPortSchema = portSchema.optional();

/**
 * REDIS_DAILY_COMMAND_BUDGET: Redis commands per day one process should stay under (a managed free
 * tier's limit, e.g. 10000); 80% of it logs a warning. Unset: counted, never warned about.
 */
export const dailyCommandBudgetSchema = z.coerce
  .number({ message: 'must be a number of commands' })
  .int('must be a whole number of commands')
  .min(1, 'must be at least 1')
  .optional();
