import { DomainError } from '@coldreach/errors';
import { connectToDomainError } from '@coldreach/grpc';

/**
 * Field names a service uses for the request itself (not its input message), as REST names them on
 * this route, e.g. `{ client_id: 'body.clientId' }`; a name matches itself and its `[i]`/`.x` children.
 */
export type RequestFieldNames = Record<string, string>;

/**
 * Calls a gRPC service; its errors come back as DomainErrors for the gateway's one error handler,
 * with the violations this route names itself renamed (the handler renames the common ones).
 */
export async function callService<T>(rpc: () => Promise<T>, fields: RequestFieldNames = {}): Promise<T> {
  try {
    return await rpc();
  } catch (error) {
    const domainError = connectToDomainError(error);
    if (domainError.violations.length === 0 || Object.keys(fields).length === 0) throw domainError;
    const violations = domainError.violations.map((violation) => ({
      field: renamed(violation.field, fields),
      message: violation.message,
    }));
    throw new DomainError(domainError.code, domainError.message, { violations, cause: error });
  }
}

function renamed(field: string, fields: RequestFieldNames): string {
  for (const [name, rest] of Object.entries(fields)) {
    if (field === name) return rest;
    if (field.startsWith(`${name}[`) || field.startsWith(`${name}.`)) return rest + field.slice(name.length);
  }
  return field;
}

/** A message field every answer carries; an answer without it is a broken peer, not the caller's fault. */
export function answered<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DomainError('internal', `a service answered without a ${what}`);
  return value;
}

/** A service client the deployment may leave out: without it, the route answers 503. */
export function configured<T>(client: T | undefined, service: string): T {
  if (client === undefined) throw new DomainError('unavailable', `no ${service} is configured`);
  return client;
}
