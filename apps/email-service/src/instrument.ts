// The first import of main.ts: tracing's instrumentations patch pg, ioredis, http and undici as
// they are loaded, so it starts before anything else is (see startTracing).
import { startTracingOrExit } from '@coldreach/observability';

startTracingOrExit('email-service');
