// grpc.health.v1 Health/Check over plain HTTP/2 (h2c), for docker-compose healthchecks: the image has no
// grpc_health_probe binary, and Kubernetes does not need one (it has native gRPC probes).
// Only node: built-ins, so it runs from any directory and costs no TypeScript compile per probe.
//
//   node deploy/compose/grpc-health-probe.mjs [host:port] [service]
//
// Exits 0 only when the server answers SERVING for `service` ('' = the whole server, the default).
import { Buffer } from 'node:buffer';
import http2 from 'node:http2';
import { clearTimeout, setTimeout } from 'node:timers';

const SERVING = 1;
const STATUS_NAMES = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
const TIMEOUT_MS = 3000;

const [target = '127.0.0.1:50051', service = ''] = process.argv.slice(2);

function fail(reason) {
  console.error(`grpc-health-probe ${target}: ${reason}`);
  process.exit(1);
}

function encodeVarint(value) {
  const bytes = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** HealthCheckRequest { string service = 1; } in one uncompressed gRPC length-prefixed frame. */
function encodeRequest(serviceName) {
  const name = Buffer.from(serviceName, 'utf8');
  const message =
    name.length === 0
      ? Buffer.alloc(0)
      : Buffer.concat([Buffer.from([0x0a]), encodeVarint(name.length), name]);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(0, 0);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** Reads `status` (field 1, varint) from a HealthCheckResponse frame; absent means 0 (UNKNOWN). */
function decodeStatus(body) {
  if (body.length < 5) return undefined;
  const length = body.readUInt32BE(1);
  const message = body.subarray(5, 5 + length);
  let offset = 0;
  while (offset < message.length) {
    const tag = message[offset++];
    if (tag === 0x08) {
      let value = 0;
      let shift = 0;
      let byte;
      do {
        byte = message[offset++];
        value |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80 && offset < message.length);
      return value;
    }
    return undefined; // HealthCheckResponse has one field; anything else is not a health answer
  }
  return 0;
}

const timer = setTimeout(() => fail(`no answer within ${TIMEOUT_MS} ms`), TIMEOUT_MS);
const session = http2.connect(`http://${target}`);
session.on('error', (error) => fail(error.code ?? error.message));

const request = session.request({
  ':method': 'POST',
  ':path': '/grpc.health.v1.Health/Check',
  'content-type': 'application/grpc',
  te: 'trailers',
});
const chunks = [];
let grpcStatus;
let grpcMessage;
request.on('response', (headers) => {
  // A trailers-only answer (an error) carries grpc-status in the headers.
  if (headers['grpc-status'] !== undefined) {
    grpcStatus = headers['grpc-status'];
    grpcMessage = headers['grpc-message'];
  }
});
request.on('trailers', (trailers) => {
  grpcStatus = trailers['grpc-status'];
  grpcMessage = trailers['grpc-message'];
});
request.on('data', (chunk) => chunks.push(chunk));
request.on('error', (error) => fail(error.cause?.code ?? error.code ?? error.message));
request.on('end', () => {
  clearTimeout(timer);
  session.close();
  if (grpcStatus !== '0') {
    const detail = grpcMessage ? ` (${decodeURIComponent(grpcMessage)})` : '';
    fail(`grpc-status ${grpcStatus ?? 'missing'}${detail}`);
  }
  const status = decodeStatus(Buffer.concat(chunks));
  if (status !== SERVING) fail(`status ${STATUS_NAMES[status] ?? status ?? 'unreadable'}`);
  process.exit(0);
});
request.end(encodeRequest(service));
