import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { backends, newWorkspace, startHarness, type Harness } from '../test/client-service-harness';
import { deriveClientId } from './domain/client-id';

jest.setTimeout(60_000);

const protoRoot = join(__dirname, '../../../proto');

interface WireClient {
  id: string;
  workspace_id: string;
  email: string;
  first_name: string;
  verification_status: string;
  tags: string[];
  custom_fields: Record<string, string>;
  create_time: { seconds: string; nanos: number };
}
type Unary = (
  request: object,
  callback: (error: grpc.ServiceError | null, response?: { client: WireClient }) => void,
) => void;
type ClientServiceStub = grpc.Client & { createClient: Unary; getClient: Unary };

/** Calls one unary method the callback way grpc-js offers, as a promise. */
function call(method: Unary, stub: grpc.Client, request: object): Promise<{ client: WireClient }> {
  return new Promise((resolve, reject) =>
    method.call(stub, request, (error, response) => (error ? reject(error) : resolve(response!))),
  );
}

// A client that shares nothing with the service: stock @grpc/grpc-js, the .proto file loaded at run time.
describe('a @grpc/grpc-js client', () => {
  let h: Harness;
  let stub: ClientServiceStub;

  beforeAll(async () => {
    h = await startHarness(backends[0]!);
    // The google/protobuf imports resolve from protobufjs's bundled well-known types.
    const definition = protoLoader.loadSync('coldreach/clients/v1/clients.proto', {
      includeDirs: [protoRoot],
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
    });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      coldreach: { clients: { v1: { ClientService: grpc.ServiceClientConstructor } } };
    };
    stub = new loaded.coldreach.clients.v1.ClientService(
      h.server.url.replace('http://', ''),
      grpc.credentials.createInsecure(),
    ) as unknown as ClientServiceStub;
  });

  afterAll(async () => {
    stub?.close();
    await h?.stop();
  });

  it('creates and gets a client', async () => {
    const workspaceId = newWorkspace();
    const { client: created } = await call(stub.createClient, stub, {
      workspace_id: workspaceId,
      client: {
        email: ' Grace@Example.com ',
        first_name: 'Grace',
        verification_status: 'VERIFICATION_STATUS_VALID',
        tags: ['vip'],
        custom_fields: { plan: 'pro' },
      },
    });
    expect(created).toMatchObject({
      id: deriveClientId(workspaceId, 'grace@example.com'),
      workspace_id: workspaceId,
      email: 'grace@example.com',
      first_name: 'Grace',
      verification_status: 'VERIFICATION_STATUS_VALID',
      tags: ['vip'],
      custom_fields: { plan: 'pro' },
    });
    expect(Number(created.create_time.seconds)).toBeGreaterThan(Date.now() / 1000 - 60);

    const { client: fetched } = await call(stub.getClient, stub, {
      workspace_id: workspaceId,
      id: created.id,
    });
    expect(fetched).toEqual(created);
  });

  it('receives NOT_FOUND and INVALID_ARGUMENT as gRPC statuses', async () => {
    const workspaceId = newWorkspace();
    const missing = call(stub.getClient, stub, { workspace_id: workspaceId, id: randomUUID() });
    await expect(missing).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    const invalid = call(stub.createClient, stub, { workspace_id: workspaceId, client: { email: 'nope' } });
    await expect(invalid).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining('client.email'),
    });
  });
});
