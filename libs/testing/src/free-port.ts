import { createServer, type AddressInfo } from 'node:net';

/** A TCP port on loopback that was free a moment ago, for a server a test starts as a process. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}
