import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpCanary {
  port: number;
  /** How many connections reached it: a refused destination must leave this at 0. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A TCP server on loopback that counts the connections it gets and says nothing: the proof that a
 * guard refused a destination before connecting. It closes each connection at once, unless
 * `keepOpen` (a port that accepts and never speaks).
 */
export async function startTcpCanary(options: { keepOpen?: boolean } = {}): Promise<TcpCanary> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    if (!options.keepOpen) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
