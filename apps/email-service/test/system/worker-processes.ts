// Moved to @coldreach/testing (service-process.ts); kept until the system specs import it from there.
export { spawnServiceProcess, waitForOutput } from '@coldreach/testing';
export type { ServiceProcess } from '@coldreach/testing';
