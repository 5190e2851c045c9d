export { buildGatewayApp } from './app';
export type { GatewayDeps } from './app';
export { readGatewayConfig } from './config';
export type { GatewayConfig } from './config';
export type { ReadinessCheck } from './routes/health-routes';
export type { ImportReport } from './csv-import';
export type { Lead } from './lead-mapping';
export type { Problem } from './problem';
