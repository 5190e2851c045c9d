import { connectToDomainError } from '@coldreach/grpc';

/** Calls the Client service; its errors come back as DomainErrors for the gateway's one error handler. */
export async function callClientService<T>(rpc: () => Promise<T>): Promise<T> {
  try {
    return await rpc();
  } catch (error) {
    throw connectToDomainError(error);
  }
}
