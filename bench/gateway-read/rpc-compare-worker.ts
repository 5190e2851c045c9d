// One rpc-compare.ts measurement: a GetClient server and client of the kinds named, in this
// process, `concurrency` calls in flight; prints CPU µs per call and calls per second.
// Usage: rpc-compare-worker.ts <server: libs-grpc|connect|grpc-js> <client: libs-grpc|connect|grpc-js> <calls> <concurrency>
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { createClient } from '@connectrpc/connect';
import { connectNodeAdapter, createGrpcTransport } from '@connectrpc/connect-node';
import { ClientService, GetClientResponseSchema, type GetClientRequest } from '@coldreach/contracts';
import { createGrpcClient, startGrpcServer } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { runWorker, writeCpuPerCall } from '../cpu-per-call';

type Kind = 'libs-grpc' | 'connect' | 'grpc-js';
const [serverKind, clientKind, calls = '20000', concurrency = '32'] = process.argv.slice(2) as [Kind, Kind];

// A lead as GetClient answers it in the benchmark: every field the gateway maps, filled.
const response = create(GetClientResponseSchema, {
  client: {
    id: '0190d2f1-7c3a-7b4e-9f10-2b3c4d5e6f70',
    workspaceId: '0190d2f1-7c3a-7b4e-9f10-2b3c4d5e6f71',
    email: 'lead42@bench.example',
    firstName: 'Lead42',
    lastName: 'Example',
    company: 'Company 42',
    tags: ['bench'],
    customFields: { plan: 'pro' },
    createTime: timestampFromDate(new Date()),
    updateTime: timestampFromDate(new Date()),
  },
});
const getClient = ClientService.method.getClient;
const path = `/${ClientService.typeName}/${getClient.name}`;

function codec<S extends DescMessage>(schema: S) {
  return {
    serialize: (message: MessageShape<S>) => Buffer.from(toBinary(schema, message)),
    deserialize: (bytes: Buffer) => fromBinary(schema, bytes),
  };
}
const requestCodec = codec(getClient.input);
const responseCodec = codec(getClient.output);
// GetClient for @grpc/grpc-js, with the same protobuf-es (de)serialisation as connect-node uses.
const grpcJsDefinition = {
  getClient: {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: requestCodec.serialize,
    requestDeserialize: requestCodec.deserialize,
    responseSerialize: responseCodec.serialize,
    responseDeserialize: responseCodec.deserialize,
  },
} satisfies grpc.ServiceDefinition;

async function startServer(kind: Kind): Promise<{ address: string; close: () => Promise<void> }> {
  if (kind === 'libs-grpc') {
    const server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ name: 'rpc-compare', level: 'silent' }),
      routes: (router) => router.service(ClientService, { getClient: () => response }),
    });
    return { address: `127.0.0.1:${server.port}`, close: () => server.close() };
  }
  if (kind === 'connect') {
    // connect-node bare: no interceptors, no health service.
    const handler = connectNodeAdapter({
      grpc: true,
      grpcWeb: false,
      connect: false,
      routes: (router) => router.service(ClientService, { getClient: () => response }),
    });
    const server = http2.createServer(handler);
    server.on('connection', (socket) => socket.setNoDelay(true));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { address, close: () => new Promise((done) => server.close(() => done())) };
  }
  const server = new grpc.Server();
  server.addService(grpcJsDefinition, {
    getClient: (_call: unknown, callback: grpc.sendUnaryData<typeof response>) => callback(null, response),
  });
  const port = await new Promise<number>((done, fail) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? fail(error) : done(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise((done) => server.tryShutdown(() => done())),
  };
}

function startClient(kind: Kind, address: string): (request: GetClientRequest) => Promise<unknown> {
  if (kind === 'libs-grpc') {
    const client = createGrpcClient(ClientService, { baseUrl: `http://${address}`, timeoutMs: 30_000 });
    return (request) => client.getClient(request);
  }
  if (kind === 'connect') {
    const transport = createGrpcTransport({ baseUrl: `http://${address}`, defaultTimeoutMs: 30_000 });
    const client = createClient(ClientService, transport);
    return (request) => client.getClient(request);
  }
  const Stub = grpc.makeGenericClientConstructor(grpcJsDefinition, 'ClientService');
  const stub = new Stub(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    getClient: (
      request: GetClientRequest,
      options: grpc.CallOptions,
      callback: (error: grpc.ServiceError | null, response?: unknown) => void,
    ) => void;
  };
  return (request) =>
    new Promise((done, fail) =>
      stub.getClient(request, { deadline: Date.now() + 30_000 }, (error, answer) =>
        error ? fail(error) : done(answer),
      ),
    );
}

async function main(): Promise<void> {
  const server = await startServer(serverKind);
  const call = startClient(clientKind, server.address);
  const request = create(getClient.input, {
    workspaceId: response.client!.workspaceId,
    id: response.client!.id,
  });
  const run = async (count: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Number(concurrency) }, async () => {
        while (next++ < count) await call(request);
      }),
    );
  };
  await run(3000);
  const count = Number(calls);
  await writeCpuPerCall(count, () => run(count));
  await server.close();
}

runWorker(main);
