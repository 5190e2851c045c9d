export { buildGatewayApp } from './app';
export type { GatewayDeps } from './app';
export { readGatewayConfig } from './config';
export type { GatewayConfig } from './config';
export type { ReadinessCheck } from './routes/health-routes';
export type { ImportReport } from './import/csv-import';
export type { Lead } from './mapping/lead-mapping';
export type { Problem } from './errors/problem';
