import { Code, ConnectError } from '@connectrpc/connect';
import type { DomainError } from '@coldreach/errors';
import { connectToDomainError } from '@coldreach/grpc';

/**
 * Awaits a gRPC call that must fail with `code`; answers the error as a caller's domain code sees it
 * (its message and field violations). Anything else, a success included, fails the test.
 */
export async function expectGrpcRejection(call: Promise<unknown>, code: Code): Promise<DomainError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConnectError)) throw new Error(`expected ${Code[code]}, got ${String(error)}`);
  expect(Code[error.code]).toBe(Code[code]);
  return connectToDomainError(error);
}
