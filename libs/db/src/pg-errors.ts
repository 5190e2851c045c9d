import { QueryFailedError } from 'typeorm';

/** True when a query failed on a unique index (SQLSTATE 23505), on PostgreSQL and PGlite alike. */
export function isUniqueViolation(error: unknown): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string }) : error;
  return (driverError as { code?: string } | undefined)?.code === '23505';
}
